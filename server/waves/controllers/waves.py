"""HTTP for waves: schedule, start, list, one wave and its handoffs 订单交接 (documents are in
controllers/documents.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from litestar import Controller, Response, get, post, put
from litestar.exceptions import ClientException, HTTPException
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_409_CONFLICT

from server.db.tables import Handoff, Wave, WaveSchedule
from server.identity.middleware import principal_of, requires
from server.orders import repo
from server.orders.access import AnyRequest, service_of, staff_of
from server.orders.changes import ChangeRefusedError
from server.roles import Role
from server.waves import schedule
from server.waves.operations import start_wave, warehouse_info
from server.waves.schemas import (
    HandoffIn,
    HandoffOut,
    ScheduleIn,
    ScheduleOut,
    SlotOut,
    WaveDetail,
    WaveOut,
    WaveStartIn,
)
from server.waves.select import select_for_wave
from server.waves.views import order_row, wave_handoffs, wave_or_404, wave_orders, wave_out

PRINTERS = [requires(Role.PRINTER, Role.MANAGER)]
FLOOR = [requires(Role.PRINTER, Role.PICKER, Role.PACKER, Role.MANAGER)]
Code = Annotated[str, PathParameter(max_length=48, pattern=r"^[A-Za-z0-9_-]+$")]


async def _wave(request: AnyRequest, code: str) -> dict[str, Any]:
    return await wave_or_404(principal_of(request).warehouse_id, code)


async def _schedule_out(request: AnyRequest) -> ScheduleOut:
    p = principal_of(request)
    wh = await warehouse_info(p.warehouse_id)
    tz = schedule.zone(wh.timezone)
    now = service_of(request).now()
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


class WavesController(Controller):
    path = "/api/waves"
    tags = ["waves"]

    @get("/schedule", guards=PRINTERS, summary="Today's wave times, cutoffs and pending orders")
    async def get_schedule(self, request: AnyRequest) -> ScheduleOut:
        return await _schedule_out(request)

    @put("/schedule", guards=[requires(Role.MANAGER)], summary="Set this warehouse's wave times")
    async def set_schedule(self, request: AnyRequest, data: JSONBody[ScheduleIn]) -> ScheduleOut:
        p = principal_of(request)
        try:
            times = schedule.parse_times(data.times)
        except schedule.ScheduleError as exc:
            raise ClientException(str(exc)) from exc
        await WaveSchedule.delete().where(WaveSchedule.warehouse == p.warehouse_id)
        await WaveSchedule.insert(
            WaveSchedule(
                warehouse=p.warehouse_id,
                times=",".join(times),
                updated_by=staff_of(p).code,
                updated_at=datetime.now(UTC),
            )
        )
        return await _schedule_out(request)

    @post("/", guards=PRINTERS, status_code=HTTP_201_CREATED, summary="Start a wave")
    async def start(self, request: AnyRequest, data: JSONBody[WaveStartIn]) -> Response[WaveOut]:
        p = principal_of(request)
        wh = await warehouse_info(p.warehouse_id)
        try:
            row, created = await start_wave(
                service_of(request), wh, staff_of(p), data.slot, data.day
            )
        except ChangeRefusedError as exc:
            raise HTTPException(status_code=HTTP_409_CONFLICT, detail=str(exc)) from exc
        return Response(wave_out(row, wh), status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @get("/", guards=FLOOR, summary="Recent waves of this warehouse, newest first")
    async def index(
        self, request: AnyRequest, day: Annotated[str | None, QueryParameter(max_length=10)] = None
    ) -> list[WaveOut]:
        p = principal_of(request)
        wh = await warehouse_info(p.warehouse_id)
        query = Wave.select().where(Wave.warehouse == wh.id)
        if day:
            query = query.where(Wave.day == day)
        rows = await query.order_by(Wave.started_at, ascending=False).limit(100)
        return [wave_out(r, wh) for r in rows]

    @get("/{code:str}", guards=FLOOR, summary="One wave and its orders, in slot order")
    async def show(self, request: AnyRequest, code: Code) -> WaveDetail:
        row = await _wave(request, code)
        wh = await warehouse_info(principal_of(request).warehouse_id)
        orders = await wave_orders(int(row["id"]), wh.id)
        return WaveDetail(wave=wave_out(row, wh), orders=[order_row(r, o) for r, o in orders])

    @post("/handoff", guards=FLOOR, status_code=HTTP_201_CREATED, summary="Sign for a wave's lists")
    async def handoff(self, request: AnyRequest, data: JSONBody[HandoffIn]) -> HandoffOut:
        """订单交接表: the picker scans the pick or sort list barcode; who, what, when, how many."""
        p = principal_of(request)
        code = data.document.removeprefix("PK-").removeprefix("SO-")
        if code == data.document:
            raise ClientException("scan the barcode of a pick list (PK-…) or sort list (SO-…)")
        row = await _wave(request, code)
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
                document=data.document,
                handed_by=row["started_by"],
                received_by=by,
                order_count=int(row["order_count"]),
                signed_at=signed,
                device_id=p.device_id,
            )
        )
        return HandoffOut(
            wave=code,
            document=data.document,
            handed_by=row["started_by"],
            received_by=by,
            order_count=int(row["order_count"]),
            signed_at=signed,
        )

    @get("/{code:str}/handoffs", guards=FLOOR, summary="Who signed for this wave")
    async def handoffs(self, request: AnyRequest, code: Code) -> list[HandoffOut]:
        row = await _wave(request, code)
        return await wave_handoffs(int(row["id"]), code)
