"""Wave orders (from synced state) + SKU reference data -> the print documents' input structs.

The pure functions below have a TypeScript twin (pwa/src/print/docs.ts) that runs on a device
from its local replica and the cached SKU references; tests/server/waves/fixtures/
wave_documents.json is checked by both, so an offline print matches the server's PDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from server.db.tables import Stock
from server.orders import repo
from server.orders.model import OrderView
from server.printing.documents import (
    Carrier,
    HandoffEntry,
    HandoffSheet,
    LabelData,
    PackingSlip,
    PickDemand,
    PickList,
    SlipLine,
    SortLine,
    SortList,
)
from server.printing.lists import build_pick_list, build_sort_list
from server.waves.schemas import SkuRef

UNSHELVED = ("未上架", 1_000_000)


@dataclass(frozen=True, slots=True)
class WaveInput:
    code: str
    name: str
    warehouse_code: str
    warehouse_name: str
    printed_at: datetime
    orders: list[OrderView]  # slot order, already filtered for what may print


@dataclass(frozen=True, slots=True)
class Item:
    """One SKU as the lists print it; an unknown SKU prints its barcode, unshelved, unchecked."""

    name: str
    spec: str
    spot_checked: bool
    location: str
    walk_order: int


def item(refs: Mapping[str, SkuRef], sku: str) -> Item:
    r = refs.get(sku)
    if r is None:
        return Item(sku, "", False, *UNSHELVED)
    if r.location is None or r.walk_order is None:
        return Item(r.name, r.spec, r.spot_checked, *UNSHELVED)
    return Item(r.name, r.spec, r.spot_checked, r.location, r.walk_order)


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


async def sku_refs(warehouse: int, barcodes: Iterable[str]) -> dict[str, SkuRef]:
    """Catalogue entry and pick bin of each known SKU (unknown barcodes are left out)."""
    wanted = sorted(set(barcodes))
    skus = await repo.skus(wanted)
    where = await bins(warehouse, wanted)
    return {
        b: SkuRef(
            barcode=b,
            name=info.name_zh,
            spec=info.spec,
            spot_checked=info.spot_checked,
            location=where[b][0] if b in where else None,
            walk_order=where[b][1] if b in where else None,
        )
        for b, info in skus.items()
    }


def wave_skus(wave: WaveInput) -> list[str]:
    return [s for o in wave.orders for s in o.lines]


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


def pick_and_sort(wave: WaveInput, refs: Mapping[str, SkuRef]) -> tuple[PickList, SortList]:
    """配货单 and 二次分拣单: SKUs of each order in barcode order, slots in wave order."""
    demands: list[PickDemand] = []
    slots: list[tuple[str, Carrier, bool, list[SortLine]]] = []
    for o in wave.orders:
        lines = []
        for sku, qty in sorted(o.lines.items()):
            it = item(refs, sku)
            demands.append(
                PickDemand(
                    order_no=o.order_no,
                    sku_barcode=sku,
                    sku_name=it.name,
                    spec=it.spec,
                    location_code=it.location,
                    walk_order=it.walk_order,
                    qty=qty,
                    spot_checked=it.spot_checked,
                )
            )
            lines.append(SortLine(sku_barcode=sku, sku_name=it.name, spec=it.spec, qty=qty))
        slots.append((o.order_no, o.carrier, o.special, lines))
    ids = {"wave_id": wave.code, "wave_name": wave.name, "warehouse": wave.warehouse_name}
    pick = build_pick_list(
        pick_list_id=f"PK-{wave.code}", printed_at=wave.printed_at, demands=demands, **ids
    )
    sort = build_sort_list(
        sort_list_id=f"SO-{wave.code}", printed_at=wave.printed_at, orders=slots, **ids
    )
    return pick, sort


def _slip_line(refs: Mapping[str, SkuRef], sku: str, qty: int) -> SlipLine:
    it = item(refs, sku)
    return SlipLine(sku_barcode=sku, name=it.name, spec=it.spec, qty=qty)


def slips_of(wave: WaveInput, refs: Mapping[str, SkuRef]) -> list[PackingSlip]:
    """发货单, one per order in wave order; the live label's tracking number is printed."""
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
                lines=tuple(_slip_line(refs, sku, qty) for sku, qty in sorted(o.lines.items())),
                note=o.special_text or None,
            )
        )
    return out


def handoff_sheet(
    wave: WaveInput, handed_by: str, handoffs: Sequence[HandoffEntry]
) -> HandoffSheet:
    return HandoffSheet(
        barcode=f"PK-{wave.code}",
        wave_id=wave.code,
        wave_name=wave.name,
        warehouse=wave.warehouse_name,
        printed_at=wave.printed_at,
        handed_by=handed_by,
        order_nos=tuple(o.order_no for o in wave.orders),
        handoffs=tuple(handoffs),
    )


async def lists(wave: WaveInput, warehouse: int) -> tuple[PickList, SortList]:
    return pick_and_sort(wave, await sku_refs(warehouse, wave_skus(wave)))


async def packing_slips(wave: WaveInput, warehouse: int) -> list[PackingSlip]:
    return slips_of(wave, await sku_refs(warehouse, wave_skus(wave)))
