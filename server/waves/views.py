"""Wave rows -> JSON, and the filtered order list a wave's documents are drawn from."""

from __future__ import annotations

from typing import Any

from server.db.tables import WaveOrder
from server.orders import repo
from server.orders.model import OrderView
from server.waves import schedule
from server.waves.schemas import WaveOrderOut, WaveOut
from server.waves.service import WarehouseInfo


def wave_out(row: dict[str, Any], wh: WarehouseInfo) -> WaveOut:
    tz = schedule.zone(wh.timezone)
    slot = row["slot"] or None
    started = row["started_at"]
    day = schedule.local_day(row["cutoff"], tz)
    return WaveOut(
        code=row["code"],
        name=schedule.wave_name(day, slot, started, tz),
        day=row["day"],
        slot=slot,
        cutoff=row["cutoff"],
        started_at=started,
        started_by=row["started_by"],
        order_count=int(row["order_count"]),
        special_count=int(row["special_count"]),
        pick_list=f"PK-{row['code']}",
        sort_list=f"SO-{row['code']}",
    )


async def wave_orders(wave_id: int, warehouse: int) -> list[tuple[dict[str, Any], OrderView]]:
    rows = (
        await WaveOrder.select(WaveOrder.eid, WaveOrder.slot_no, WaveOrder.tracking)
        .where(WaveOrder.wave == wave_id)
        .order_by(WaveOrder.slot_no)
    )
    views = await repo.orders_by_eid(warehouse, [r["eid"] for r in rows])
    return [(r, views[r["eid"]]) for r in rows if r["eid"] in views]


def order_row(row: dict[str, Any], o: OrderView) -> WaveOrderOut:
    return WaveOrderOut(
        slot_no=int(row["slot_no"]),
        eid=o.eid,
        order_no=o.order_no,
        tracking=o.live_labels[-1] if o.live_labels else row["tracking"],
        special=o.special,
        hold=o.hold,
        cancelled=o.cancelled,
        needs_reprint=o.needs_reprint,
    )
