"""Start a wave, reprint and void labels: ops via the sync path, records in the wave tables.

The wave rows are written first (the unique wave_order.eid refuses an order a concurrent wave
already took), then its label.print ops; if the push fails the rows are removed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from server.db.engine import write_transaction
from server.db.tables import Warehouse, Wave, WaveOrder, WaveSchedule
from server.orders import repo
from server.orders.changes import ChangeRefusedError, Staff
from server.orders.model import OrderView
from server.orders.services import OrdersService
from server.waves import schedule
from server.waves.select import select_for_wave
from server.waves.tracking import mint
from sync import Op, rules


@dataclass(frozen=True, slots=True)
class WarehouseInfo:
    id: int
    code: str
    name: str
    timezone: str
    times: tuple[str, ...]


async def warehouse_info(warehouse_id: int) -> WarehouseInfo:
    wh = await Warehouse.select().where(Warehouse.id == warehouse_id).first()
    assert wh is not None, "a principal's warehouse exists"
    sched = (
        await WaveSchedule.select(WaveSchedule.times)
        .where(WaveSchedule.warehouse == warehouse_id)
        .first()
    )
    times = schedule.parse_times(sched["times"]) if sched else schedule.DEFAULT_TIMES
    return WarehouseInfo(wh["id"], wh["code"], wh["name"], wh["timezone"], times)


async def find_wave(warehouse: int, code: str) -> dict[str, Any] | None:
    return await Wave.select().where(Wave.warehouse == warehouse, Wave.code == code).first()


NOTHING_TO_START = "nothing to print: every printable order is already in a wave"


async def start_wave(
    service: OrdersService,
    wh: WarehouseInfo,
    by: Staff,
    slot: str | None,
    day: date | None,
) -> tuple[dict[str, Any], bool]:
    """(wave row, created?). A scheduled wave started twice is the same wave."""
    tz = schedule.zone(wh.timezone)
    now = service.now()
    if slot is None:
        cut = now
        day = schedule.local_day(now, tz)
    else:
        if slot not in wh.times:
            raise ChangeRefusedError(f"{slot} is not a wave time here ({', '.join(wh.times)})")
        day = day or schedule.local_day(now, tz)
        cut = schedule.cutoff(day, slot, tz)
        if cut > now:
            raise ChangeRefusedError(
                f"the {slot} wave of {day} starts at its cutoff; start an on-demand wave instead"
            )
    code = schedule.wave_code(wh.code, day, slot, now, tz)
    async with service.lock:
        existing = await find_wave(wh.id, code)
        if existing is not None:
            return existing, False
        candidates = await repo.orders_with_status(wh.id, ["created"])
        chosen = select_for_wave(candidates, cut)
        if not chosen and slot is None:
            # An on-demand wave with nothing in it prints nothing and only adds a row to
            # the day's list (seen: a second 立即开始批次 reported an empty wave in green).
            raise ChangeRefusedError(NOTHING_TO_START)
        labels = [(o, mint(o.carrier)) for o in chosen]
        wave = Wave(
            warehouse=wh.id,
            code=code,
            day=day.isoformat(),
            slot=slot or "",
            cutoff=cut,
            started_at=now,
            started_by=by.code,
            order_count=len(chosen),
            special_count=sum(1 for o in chosen if o.special),
        )
        async with write_transaction(Wave._meta.db):
            await wave.save()
            rows = [
                WaveOrder(wave=wave.id, warehouse=wh.id, eid=o.eid, slot_no=n, tracking=t)
                for n, (o, t) in enumerate(labels, start=1)
            ]
            for i in range(0, len(rows), 500):
                await WaveOrder.insert(*rows[i : i + 500])
        ops: list[Op] = []
        for o, t in labels:
            ops.append(service.op("label.print", o.eid, {"tracking": t}, by.code))
            ops.append(
                service.op("order.set_field", o.eid, {"field": "wave", "value": code}, by.code)
            )
        try:
            await service.push(ops, wh.id)
        except BaseException:
            await Wave.delete().where(Wave.id == wave.id)
            raise
    row = await find_wave(wh.id, code)
    assert row is not None
    return row, True


def reprint_ops(service: OrdersService, order: OrderView, by: Staff, reason: str) -> list[Op]:
    """Void every live label and print a new version (the response reads it back)."""
    if order.cancelled:
        raise ChangeRefusedError(f"order {order.eid} is cancelled: it is never printed")
    if order.hold:
        raise ChangeRefusedError(f"order {order.eid} is on hold: a held order is never printed")
    if not order.labels:
        raise ChangeRefusedError(f"order {order.eid} has not printed yet: it prints with its wave")
    if order.status in rules.GONE:
        raise ChangeRefusedError(f"order {order.eid} has already shipped")
    tracking = mint(order.carrier)
    why = reason or "重打 reprint"
    ops = [
        service.op("label.void", order.eid, {"tracking": t, "reason": why}, by.code)
        for t in order.live_labels
    ]
    ops.append(service.op("label.print", order.eid, {"tracking": tracking}, by.code))
    if order.needs_reprint:
        ops.append(
            service.op(
                "order.set_field", order.eid, {"field": "needs_reprint", "value": False}, by.code
            )
        )
    return ops


def void_ops(
    service: OrdersService, order: OrderView, tracking: str, by: Staff, reason: str
) -> list[Op]:
    state = order.labels.get(tracking)
    if state is None:
        raise ChangeRefusedError(f"{tracking} is not a label of order {order.eid}")
    if state == "voided":
        raise ChangeRefusedError(f"label {tracking} is already voided")
    ops = [
        service.op(
            "label.void",
            order.eid,
            {"tracking": tracking, "reason": reason or "作废 void"},
            by.code,
        )
    ]
    # The parcel still needs a label unless the order is cancelled: tell the printer.
    if not order.needs_reprint and order.status not in rules.GONE:
        ops.append(
            service.op(
                "order.set_field", order.eid, {"field": "needs_reprint", "value": True}, by.code
            )
        )
    return ops


def local_time(moment: datetime, wh: WarehouseInfo) -> datetime:
    return moment.astimezone(schedule.zone(wh.timezone))
