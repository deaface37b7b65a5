"""Wave orders (from synced state) -> the print documents' input structs.

The same functions would run on a device from its local replica: everything comes from the
order state plus the SKU catalogue and bin locations, nothing from a print-time service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from server.db.tables import Stock
from server.orders import repo
from server.orders.model import OrderView
from server.printing.documents import (
    Carrier,
    LabelData,
    PackingSlip,
    PickDemand,
    PickList,
    SlipLine,
    SortLine,
    SortList,
)
from server.printing.lists import build_pick_list, build_sort_list

UNSHELVED = ("未上架", 1_000_000)


@dataclass(frozen=True, slots=True)
class WaveInput:
    code: str
    name: str
    warehouse_code: str
    warehouse_name: str
    printed_at: datetime
    orders: list[OrderView]  # slot order, already filtered for what may print


async def bins(warehouse: int, barcodes: Sequence[str]) -> dict[str, tuple[str, int]]:
    """Pick location per SKU: the bin holding most, earliest in walking order on ties."""
    best: dict[str, tuple[int, int, str]] = {}
    wanted = sorted(set(barcodes))
    for i in range(0, len(wanted), 500):
        rows = await Stock.select(
            Stock.sku.barcode.as_alias("barcode"),
            Stock.location.code.as_alias("code"),
            Stock.location.walk_order.as_alias("walk"),
            Stock.quantity,
        ).where(Stock.location.warehouse == warehouse, Stock.sku.barcode.is_in(wanted[i : i + 500]))
        for r in rows:
            key = (-int(r["quantity"]), int(r["walk"]), str(r["code"]))
            if r["barcode"] not in best or key < best[r["barcode"]]:
                best[r["barcode"]] = key
    return {sku: (code, walk) for sku, (_q, walk, code) in best.items()}


def label_data(order: OrderView, sender: str, printed_at: datetime) -> LabelData:
    a = order.address
    tracking = order.live_labels[-1]
    return LabelData(
        carrier=order.carrier,
        tracking_no=tracking,
        label_version=max(1, len(order.labels)),
        order_no=order.order_no,
        recipient_name=a["recipient_name"],
        recipient_phone=a["recipient_phone"],
        province=a["province"],
        city=a["city"],
        district=a["district"],
        address_detail=a["address_detail"],
        sender=sender,
        item_count=max(1, order.item_count),
        printed_at=printed_at,
        special=order.special,
        special_request=order.special_text or None,
    )


async def lists(wave: WaveInput, warehouse: int) -> tuple[PickList, SortList]:
    skus = await repo.skus([s for o in wave.orders for s in o.lines])
    where = await bins(warehouse, list(skus))
    demands: list[PickDemand] = []
    slots: list[tuple[str, Carrier, bool, list[SortLine]]] = []
    for o in wave.orders:
        lines = []
        for sku, qty in sorted(o.lines.items()):
            info = skus.get(sku)
            name, spec = (info.name_zh, info.spec) if info else (sku, "")
            loc, walk = where.get(sku, UNSHELVED)
            demands.append(
                PickDemand(
                    order_no=o.order_no,
                    sku_barcode=sku,
                    sku_name=name,
                    spec=spec,
                    location_code=loc,
                    walk_order=walk,
                    qty=qty,
                    spot_checked=bool(info and info.spot_checked),
                )
            )
            lines.append(SortLine(sku_barcode=sku, sku_name=name, spec=spec, qty=qty))
        slots.append((o.order_no, o.carrier, o.special, lines))
    ids = {"wave_id": wave.code, "wave_name": wave.name, "warehouse": wave.warehouse_name}
    pick = build_pick_list(
        pick_list_id=f"PK-{wave.code}", printed_at=wave.printed_at, demands=demands, **ids
    )
    sort = build_sort_list(
        sort_list_id=f"SO-{wave.code}",
        printed_at=wave.printed_at,
        orders=slots,
        **ids,
    )
    return pick, sort


async def packing_slips(wave: WaveInput) -> list[PackingSlip]:
    skus = await repo.skus([s for o in wave.orders for s in o.lines])
    out = []
    for o in wave.orders:
        a = o.address
        out.append(
            PackingSlip(
                order_no=o.order_no,
                warehouse=wave.warehouse_name,
                carrier=o.carrier,
                tracking_no=o.live_labels[-1] if o.live_labels else "NOLABEL",
                recipient_name=a["recipient_name"],
                recipient_phone=a["recipient_phone"],
                address=o.full_address,
                printed_at=wave.printed_at,
                lines=tuple(
                    SlipLine(
                        sku_barcode=sku,
                        name=skus[sku].name_zh if sku in skus else sku,
                        spec=skus[sku].spec if sku in skus else "",
                        qty=qty,
                    )
                    for sku, qty in sorted(o.lines.items())
                ),
                note=o.special_text or None,
            )
        )
    return out
