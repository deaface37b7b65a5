"""HTTP for waves: schedule, start, list, one wave and its handoffs 订单交接 (documents are in
controllers/documents.py)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post, put
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from server.identity.middleware import principal_of, requires
from server.orders.access import AnyRequest
from server.roles import Role
from server.waves import schedule
from server.waves.schemas import (
    HandoffIn,
    HandoffOut,
    ScheduleIn,
    ScheduleOut,
    WaveDetail,
    WaveOut,
    WaveStartIn,
)
from server.waves.services import WavesService

PRINTERS = [requires(Role.PRINTER, Role.MANAGER)]
FLOOR = [requires(Role.PRINTER, Role.PICKER, Role.PACKER, Role.MANAGER)]
Code = Annotated[str, PathParameter(max_length=48, pattern=r"^[A-Za-z0-9_-]+$")]


class WavesController(Controller):
    path = "/api/waves"
    tags = ["waves"]

    @get("/schedule", guards=PRINTERS, summary="Today's wave times, cutoffs and pending orders")
    async def get_schedule(
        self, request: AnyRequest, waves_service: NamedDependency[WavesService]
    ) -> ScheduleOut:
        return await waves_service.schedule(principal_of(request))

    @put("/schedule", guards=[requires(Role.MANAGER)], summary="Set this warehouse's wave times")
    async def set_schedule(
        self,
        request: AnyRequest,
        data: JSONBody[ScheduleIn],
        waves_service: NamedDependency[WavesService],
    ) -> ScheduleOut:
        try:
            times = schedule.parse_times(data.times)
        except schedule.ScheduleError as exc:
            raise ClientException(str(exc)) from exc
        return await waves_service.set_schedule(principal_of(request), times)

    @post("/", guards=PRINTERS, status_code=HTTP_201_CREATED, summary="Start a wave")
    async def start(
        self,
        request: AnyRequest,
        data: JSONBody[WaveStartIn],
        waves_service: NamedDependency[WavesService],
    ) -> Response[WaveOut]:
        wave, created = await waves_service.start(principal_of(request), data.slot, data.day)
        return Response(wave, status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @get("/", guards=FLOOR, summary="Recent waves of this warehouse, newest first")
    async def index(
        self,
        request: AnyRequest,
        waves_service: NamedDependency[WavesService],
        day: Annotated[str | None, QueryParameter(max_length=10)] = None,
    ) -> list[WaveOut]:
        return await waves_service.index(principal_of(request), day)

    @get("/{code:str}", guards=FLOOR, summary="One wave and its orders, in slot order")
    async def show(
        self, request: AnyRequest, code: Code, waves_service: NamedDependency[WavesService]
    ) -> WaveDetail:
        return await waves_service.show(principal_of(request), code)

    @post("/handoff", guards=FLOOR, status_code=HTTP_201_CREATED, summary="Sign for a wave's lists")
    async def handoff(
        self,
        request: AnyRequest,
        data: JSONBody[HandoffIn],
        waves_service: NamedDependency[WavesService],
    ) -> HandoffOut:
        """订单交接表: the picker scans the pick or sort list barcode; who, what, when, how many."""
        code = data.document.removeprefix("PK-").removeprefix("SO-")
        if code == data.document:
            raise ClientException("scan the barcode of a pick list (PK-…) or sort list (SO-…)")
        return await waves_service.handoff(principal_of(request), code, data.document)

    @get("/{code:str}/handoffs", guards=FLOOR, summary="Who signed for this wave")
    async def handoffs(
        self, request: AnyRequest, code: Code, waves_service: NamedDependency[WavesService]
    ) -> list[HandoffOut]:
        return await waves_service.handoffs(principal_of(request), code)
