"""Wave rows -> JSON, and the filtered order list a wave's documents are drawn from."""

from __future__ import annotations

from typing import Any

from litestar.exceptions import NotFoundException

from server.db.tables import Handoff, WaveOrder
from server.orders import repo
from server.orders.model import OrderView
from server.waves import schedule
from server.waves.operations import WarehouseInfo, find_wave
from server.waves.schemas import HandoffOut, WaveOrderOut, WaveOut
from server.waves.signatures import signed_by_ops


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


async def wave_handoffs(wave_id: int, code: str) -> list[HandoffOut]:
    """Who signed for this wave's lists, oldest first: online signatures (the handoff table)
    and offline ones (pick.sign ops, server/waves/signatures.py); one row per signer, the
    earlier signature wins."""
    rows = await Handoff.select().where(Handoff.wave == wave_id).order_by(Handoff.signed_at)
    out = {
        r["received_by"]: HandoffOut(
            wave=code,
            document=r["document"],
            handed_by=r["handed_by"],
            received_by=r["received_by"],
            order_count=int(r["order_count"]),
            signed_at=r["signed_at"],
        )
        for r in reversed(rows)
    }
    for h in await signed_by_ops(wave_id, code):
        prev = out.get(h.received_by)
        if prev is None or h.signed_at < prev.signed_at:
            out[h.received_by] = h
    return sorted(out.values(), key=lambda h: (h.signed_at, h.received_by))


async def wave_or_404(warehouse: int, code: str) -> dict[str, Any]:
    """The wave row, only ever from the caller's own warehouse."""
    row = await find_wave(warehouse, code)
    if row is None:
        raise NotFoundException(f"no wave {code!r} in this warehouse")
    return row
