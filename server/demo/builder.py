"""Build demo rows deterministically, so every fresh demo (and every test) sees the same day."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from server.demo import catalogue as cat

SHANGHAI = ZoneInfo("Asia/Shanghai")


def ean13(rng: random.Random) -> str:
    """A Chinese (69x prefix) EAN-13 with a valid check digit, so scanners accept it."""
    body = "69" + "".join(str(rng.randrange(10)) for _ in range(10))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def tracking_no(rng: random.Random, carrier: str) -> str:

    def digits(n: int) -> str:
        return "".join(str(rng.randrange(10)) for _ in range(n))

    return {
        "顺丰": "SF" + digits(13),
        "中通": "7" + digits(14),
        "圆通": "YT" + digits(13),
        "韵达": "43" + digits(13),
        "EMS": "11" + digits(11),
    }[carrier]


@dataclass
class DemoOrder:
    warehouse: str
    platform: str
    platform_order_no: str
    recipient_name: str
    recipient_phone: str
    province: str
    city: str
    district: str
    address_detail: str
    carrier: str
    status: str
    on_hold: bool
    hold_reason: str
    special_request: str
    handwritten_label: bool
    received_at: datetime
    lines: list[tuple[str, int]] = field(default_factory=list)  # (barcode, qty)
    tracking_no: str | None = None


@dataclass
class DemoSku:
    barcode: str
    name_zh: str
    name_en: str
    spec: str
    spot_checked: bool
    needs_crate: bool


@dataclass
class DemoData:
    skus: list[DemoSku]
    locations: dict[str, list[tuple[str, str, int]]]  # warehouse -> (code, zone, walk order)
    stock: list[tuple[str, str, str, int]]  # (warehouse, barcode, location code, qty)
    orders: list[DemoOrder]


def build_skus(rng: random.Random) -> list[DemoSku]:
    skus = []
    for name_zh, name_en, specs, crate in cat.PRODUCTS:
        for colour_zh, colour_en in cat.COLOURS:
            for spec in specs:
                skus.append(
                    DemoSku(
                        barcode=ean13(rng),
                        name_zh=f"{colour_zh}{name_zh}",
                        name_en=f"{name_en}, {colour_en}",
                        spec=spec,
                        spot_checked=rng.random() < 0.6,
                        needs_crate=crate,
                    )
                )
    return skus


def build_locations(
    zones: str = "ABCD", aisles: int = 6, shelves: int = 5
) -> list[tuple[str, str, int]]:
    """Bins in serpentine walking order: up one aisle, down the next."""
    out = []
    walk = 0
    for zone in zones:
        for aisle in range(1, aisles + 1):
            shelf_order = range(1, shelves + 1) if aisle % 2 else range(shelves, 0, -1)
            for shelf in shelf_order:
                walk += 1
                out.append((f"{zone}-{aisle:02d}-{shelf:02d}", zone, walk))
    return out


def _order(
    rng: random.Random, warehouse: str, n: int, skus: list[DemoSku], now: datetime
) -> DemoOrder:
    platform = rng.choice(cat.PLATFORMS)
    province, city, district = rng.choice(cat.PLACES)
    age = timedelta(minutes=rng.randrange(0, 36 * 60))
    received = now - age
    shipped = age > timedelta(hours=20) and rng.random() < 0.8
    printed = not shipped and age > timedelta(hours=3) and rng.random() < 0.4
    on_hold = not (shipped or printed) and rng.random() < 0.05
    lines = {
        rng.choice(skus).barcode: rng.choice([1, 1, 1, 2, 3])
        for _ in range(rng.choice([1, 1, 2, 3]))
    }
    carrier = rng.choice(cat.CARRIERS)
    order = DemoOrder(
        warehouse=warehouse,
        platform=platform,
        platform_order_no=f"{platform[:2].upper()}{now:%y%m%d}{n:06d}{rng.randrange(1000):03d}",
        recipient_name=rng.choice(cat.SURNAMES)
        + "".join(rng.choices(cat.GIVEN, k=rng.choice([1, 2]))),
        recipient_phone="1"
        + rng.choice("3578")
        + "".join(str(rng.randrange(10)) for _ in range(9)),
        province=province,
        city=city,
        district=district,
        address_detail=f"{rng.choice(cat.ROADS)}{rng.randrange(1, 999)}号{rng.randrange(1, 30)}栋"
        f"{rng.randrange(1, 30)}{rng.randrange(1, 4):02d}室",
        carrier=carrier,
        status="shipped" if shipped else "printed" if printed else "created",
        on_hold=on_hold,
        hold_reason=rng.choice(cat.HOLD_REASONS) if on_hold else "",
        special_request=rng.choice(cat.SPECIAL_REQUESTS) if rng.random() < 0.08 else "",
        handwritten_label=rng.random() < 0.02,
        received_at=received,
        lines=list(lines.items()),
    )
    if shipped or printed:
        order.tracking_no = tracking_no(rng, carrier)
    return order


def build_demo(now: datetime, seed: int = 20261123) -> DemoData:
    rng = random.Random(seed)
    skus = build_skus(rng)
    locations = {"SH01": build_locations(), "HZ02": build_locations("AB", 3, 4)}
    stock = []
    for sku in skus:
        for wh, bins in locations.items():
            for code, _zone, _walk in rng.sample(bins, k=rng.choice([1, 1, 2])):
                stock.append((wh, sku.barcode, code, rng.choice([0, 2, 4, *range(10, 120, 7)])))
    orders = [_order(rng, "SH01", i, skus, now) for i in range(600)]
    orders += [_order(rng, "HZ02", 600 + i, skus, now) for i in range(60)]
    return DemoData(skus=skus, locations=locations, stock=stock, orders=orders)
