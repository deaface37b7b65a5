"""Group raw pick demands into the pick list and order slots into the sort list.

Pure functions: the same wave always yields the same lines in the same order, so a reprint on
an offline device matches the copy the picker already signed for.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from server.printing.documents import (
    Carrier,
    PickDemand,
    PickLine,
    PickList,
    SortLine,
    SortList,
    SortSlot,
)


def build_pick_list(
    *,
    pick_list_id: str,
    wave_id: str,
    wave_name: str,
    warehouse: str,
    printed_at: datetime,
    demands: Iterable[PickDemand],
) -> PickList:
    """One line per (location, SKU) in walking order, with quantity and distinct orders."""
    qty: dict[tuple[str, str], int] = {}
    orders: dict[tuple[str, str], set[str]] = {}
    first: dict[tuple[str, str], PickDemand] = {}
    spot: dict[tuple[str, str], bool] = {}
    all_orders: set[str] = set()
    for d in demands:
        key = (d.location_code, d.sku_barcode)
        qty[key] = qty.get(key, 0) + d.qty
        orders.setdefault(key, set()).add(d.order_no)
        first.setdefault(key, d)
        spot[key] = spot.get(key, True) and d.spot_checked
        all_orders.add(d.order_no)
    lines = [
        PickLine(
            location_code=loc,
            walk_order=first[(loc, sku)].walk_order,
            sku_barcode=sku,
            sku_name=first[(loc, sku)].sku_name,
            spec=first[(loc, sku)].spec,
            total_qty=qty[(loc, sku)],
            order_count=len(orders[(loc, sku)]),
            spot_checked=spot[(loc, sku)],
        )
        for loc, sku in qty
    ]
    lines.sort(key=lambda ln: (ln.walk_order, ln.location_code, ln.sku_barcode))
    return PickList(
        pick_list_id=pick_list_id,
        wave_id=wave_id,
        wave_name=wave_name,
        warehouse=warehouse,
        printed_at=printed_at,
        lines=tuple(lines),
        total_qty=sum(qty.values()),
        total_orders=len(all_orders),
    )


def build_sort_list(
    *,
    sort_list_id: str,
    wave_id: str,
    wave_name: str,
    warehouse: str,
    printed_at: datetime,
    orders: Iterable[tuple[str, Carrier, bool, Iterable[SortLine]]],
) -> SortList:
    """Slots numbered 1..n in the given order (the wave's print order, i.e. label order).

    Each order is (order_no, carrier, special, lines); the same SKU twice in one order is
    merged so the sorter counts it once.
    """
    slots: list[SortSlot] = []
    for n, (order_no, carrier, special, lines) in enumerate(orders, start=1):
        merged: dict[str, SortLine] = {}
        for ln in lines:
            prev = merged.get(ln.sku_barcode)
            merged[ln.sku_barcode] = (
                ln
                if prev is None
                else SortLine(
                    sku_barcode=ln.sku_barcode,
                    sku_name=prev.sku_name,
                    spec=prev.spec,
                    qty=prev.qty + ln.qty,
                )
            )
        slots.append(
            SortSlot(
                slot_no=n,
                order_no=order_no,
                carrier=carrier,
                lines=tuple(merged.values()),
                special=special,
            )
        )
    return SortList(
        sort_list_id=sort_list_id,
        wave_id=wave_id,
        wave_name=wave_name,
        warehouse=warehouse,
        printed_at=printed_at,
        slots=tuple(slots),
    )
