"""The waves slice's service: schedule, waves and handoffs 订单交接, a wave's documents, an
order's labels, and the work log 工作记录. Built per request on the orders service (its op
author, clock and office lock); the queries are here and in the modules it calls."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime

from litestar.exceptions import ClientException, HTTPException, NotFoundException
from litestar.status_codes import HTTP_409_CONFLICT

from server.db.engine import write_transaction
from server.db.tables import Handoff, Wave, WaveSchedule
from server.identity.principal import Principal
from server.orders import repo
from server.orders.access import staff_of
from server.orders.changes import ChangeRefusedError, Staff
from server.orders.model import OrderView
from server.orders.notes import label_history
from server.orders.services import OrdersService
from server.printing.label_layout import LabelSize
from server.printing.raster import Dpi
from server.waves import assemble, render, schedule
from server.waves.documents import a4_document
from server.waves.operations import (
    local_time,
    reprint_ops,
    start_wave,
    void_ops,
    warehouse_info,
)
from server.waves.render import DocKind, Fmt, UnsupportedFormatError
from server.waves.schemas import (
    HandoffOut,
    LabelsOut,
    PrintRefsOut,
    ScheduleOut,
    SkuRef,
    SlotOut,
    WaveDetail,
    WaveOut,
    WorkLogEntry,
)
from server.waves.select import label_printable, label_refusal, on_documents, select_for_wave
from server.waves.views import order_row, wave_handoffs, wave_or_404, wave_orders, wave_out
from server.waves.worklog import work_log
from sync import Op, rules

MakeOps = Callable[[OrderView, Staff], list[Op]]


class Document:
    """Rendered bytes and how to send them."""

    def __init__(self, data: bytes, ext: str, filename: str) -> None:
        self.data, self.media_type, self.filename = data, render.MEDIA[ext], filename


class WavesService:
    def __init__(self, orders: OrdersService) -> None:
        self.orders = orders

    # Schedule and waves

    async def schedule(self, p: Principal) -> ScheduleOut:
        """Today's wave times, their cutoffs, which have run, and how many orders wait."""
        wh = await warehouse_info(p.warehouse_id)
        tz = schedule.zone(wh.timezone)
        now = self.orders.now()
        today = schedule.local_day(now, tz)
        done = {
            r["slot"]: r["code"]
            for r in await Wave.select(Wave.slot, Wave.code).where(
                Wave.warehouse == wh.id, Wave.day == today.isoformat()
            )
            if r["slot"]
        }
        pending = select_for_wave(await repo.orders_with_status(wh.id, ["created"]), now)
        return ScheduleOut(
            timezone=wh.timezone,
            times=list(wh.times),
            today=today.isoformat(),
            slots=[
                SlotOut(
                    slot=t,
                    cutoff=schedule.cutoff(today, t, tz),
                    due=schedule.cutoff(today, t, tz) <= now,
                    wave=done.get(t),
                )
                for t in wh.times
            ],
            pending=len(pending),
        )

    async def set_schedule(self, p: Principal, times: tuple[str, ...]) -> ScheduleOut:
        """Replace the warehouse's wave times (one transaction: never none, never two)."""
        async with write_transaction(WaveSchedule._meta.db):
            await WaveSchedule.delete().where(WaveSchedule.warehouse == p.warehouse_id)
            await WaveSchedule.insert(
                WaveSchedule(
                    warehouse=p.warehouse_id,
                    times=",".join(times),
                    updated_by=staff_of(p).code,
                    updated_at=datetime.now(UTC),
                )
            )
        return await self.schedule(p)

    async def start(self, p: Principal, slot: str | None, day: date | None) -> tuple[WaveOut, bool]:
        """(the wave, created?); a refused start is a 409."""
        wh = await warehouse_info(p.warehouse_id)
        try:
            row, created = await start_wave(self.orders, wh, staff_of(p), slot, day)
        except ChangeRefusedError as exc:
            raise HTTPException(status_code=HTTP_409_CONFLICT, detail=str(exc)) from exc
        return wave_out(row, wh), created

    async def index(self, p: Principal, day: str | None) -> list[WaveOut]:
        wh = await warehouse_info(p.warehouse_id)
        query = Wave.select().where(Wave.warehouse == wh.id)
        if day:
            query = query.where(Wave.day == day)
        rows = await query.order_by(Wave.started_at, ascending=False).limit(100)
        return [wave_out(r, wh) for r in rows]

    async def show(self, p: Principal, code: str) -> WaveDetail:
        wh = await warehouse_info(p.warehouse_id)
        row = await wave_or_404(wh.id, code)
        orders = await wave_orders(int(row["id"]), wh.id)
        return WaveDetail(wave=wave_out(row, wh), orders=[order_row(r, o) for r, o in orders])

    async def handoff(self, p: Principal, code: str, document: str) -> HandoffOut:
        """The signer takes the wave's lists: who, what, when, how many (once per person)."""
        row = await wave_or_404(p.warehouse_id, code)
        by = staff_of(p).code
        signed = datetime.now(UTC)
        exists = await Handoff.exists().where(Handoff.wave == row["id"], Handoff.received_by == by)
        if exists:
            raise HTTPException(
                status_code=HTTP_409_CONFLICT, detail=f"{by} already signed for {code}"
            )
        await Handoff.insert(
            Handoff(
                warehouse=p.warehouse_id,
                wave=row["id"],
                document=document,
                handed_by=row["started_by"],
                received_by=by,
                order_count=int(row["order_count"]),
                signed_at=signed,
                device_id=p.device_id,
            )
        )
        return HandoffOut(
            wave=code,
            document=document,
            handed_by=row["started_by"],
            received_by=by,
            order_count=int(row["order_count"]),
            signed_at=signed,
        )

    async def handoffs(self, p: Principal, code: str) -> list[HandoffOut]:
        row = await wave_or_404(p.warehouse_id, code)
        return await wave_handoffs(int(row["id"]), code)

    # Documents

    async def print_reference(self, p: Principal) -> PrintRefsOut:
        """SKU names and pick bins of the live orders, for printing lists offline."""
        wh = await warehouse_info(p.warehouse_id)
        orders = await repo.orders_with_status(wh.id, tuple(sorted(rules.OPEN)))
        refs = await assemble.sku_refs(wh.id, (s for o in orders for s in o.lines))
        return PrintRefsOut(
            warehouse=wh.name, timezone=wh.timezone, skus=sorted(refs.values(), key=_barcode)
        )

    async def document(
        self, p: Principal, code: str, kind: DocKind, fmt: Fmt, size: LabelSize, dpi: Dpi
    ) -> Document:
        """A wave's document; held, cancelled and stale labels never print."""
        wh = await warehouse_info(p.warehouse_id)
        row = await wave_or_404(wh.id, code)
        orders = on_documents(o for _r, o in await wave_orders(int(row["id"]), wh.id))
        if kind is DocKind.LABELS:
            orders = [o for o in orders if label_printable(o)]
        if not orders:
            raise NotFoundException(f"wave {code} has nothing to print as {kind}")
        started = row["started_at"].astimezone(schedule.zone(wh.timezone))
        wave = assemble.WaveInput(code, wave_out(row, wh).name, wh.code, wh.name, started, orders)
        try:
            if kind is DocKind.LABELS:
                items = [assemble.label_data(o, wh.name, started) for o in orders]
                data, ext = await asyncio.to_thread(render.labels, items, fmt, size, dpi)
            else:
                doc = await a4_document(kind, wave, row, wh.id)
                data, ext = await asyncio.to_thread(render.list_doc, kind, fmt, doc, dpi)
        except UnsupportedFormatError as exc:
            raise ClientException(str(exc)) from exc
        sized = f"-{size.value}" if kind is DocKind.LABELS else ""
        return Document(data, ext, f"{code}-{kind}{sized}.{ext}")

    # One order's labels

    async def labels(self, p: Principal, eid: str) -> LabelsOut:
        return await _labels_out(await self.orders.order(p, eid))

    async def reprint(self, p: Principal, eid: str, reason: str) -> LabelsOut:
        return await self._change_labels(
            p, eid, lambda order, by: reprint_ops(self.orders, order, by, reason)
        )

    async def void(self, p: Principal, eid: str, tracking: str, reason: str) -> LabelsOut:
        return await self._change_labels(
            p, eid, lambda order, by: void_ops(self.orders, order, tracking, by, reason)
        )

    async def label(self, p: Principal, eid: str, fmt: Fmt, size: LabelSize, dpi: Dpi) -> Document:
        """The live label; a held, cancelled or stale one is a 409."""
        order = await self.orders.order(p, eid)
        why = label_refusal(order)
        if why is not None:
            raise HTTPException(status_code=HTTP_409_CONFLICT, detail=f"order {eid} is {why}")
        wh = await warehouse_info(p.warehouse_id)
        item = assemble.label_data(order, wh.name, local_time(self.orders.now(), wh))
        data, ext = await asyncio.to_thread(render.labels, [item], fmt, size, dpi)
        return Document(data, ext, f"{item.tracking_no}.{ext}")

    async def _change_labels(self, p: Principal, eid: str, make: MakeOps) -> LabelsOut:
        """Build the ops under the office lock (409 if refused), push, answer the new state."""
        async with self.orders.lock:
            order = await self.orders.order(p, eid)
            try:
                ops = make(order, staff_of(p))
            except ChangeRefusedError as exc:
                raise HTTPException(status_code=HTTP_409_CONFLICT, detail=str(exc)) from exc
            await self.orders.push(ops, order.warehouse)
        return await _labels_out(await self.orders.order(p, eid))

    # Work log

    async def work_log(
        self, p: Principal, day: date | None, person: str | None
    ) -> list[WorkLogEntry]:
        wh = await warehouse_info(p.warehouse_id)
        when = day or schedule.local_day(self.orders.now(), schedule.zone(wh.timezone))
        return await work_log(wh, when, person)


async def _labels_out(order: OrderView) -> LabelsOut:
    """The label history, with the newest live label (None while waiting for a reprint)."""
    live = order.live_labels[-1] if order.live_labels else None
    labels = await label_history(order.warehouse, order.eid)
    return LabelsOut(eid=order.eid, tracking=live, labels=labels)


def _barcode(ref: SkuRef) -> str:
    return ref.barcode
