"""HTTP for one order's labels: history, the live label as PDF/PNG/ZPL, reprint and void.

A reprint voids every live label (`label.void`) and prints a new version (`label.print`); a
later scan of an old label then fails with `voided_label_scan` on every replica.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK

from server.identity.middleware import principal_of, requires, signed_in
from server.orders.access import AnyRequest
from server.printing.label_layout import LabelSize
from server.printing.raster import Dpi
from server.roles import Role
from server.waves.controllers.documents import attachment
from server.waves.render import Fmt
from server.waves.schemas import LabelsOut, ReprintIn, VoidIn
from server.waves.services import WavesService

Eid = Annotated[str, PathParameter(max_length=256)]
PRINTERS = [requires(Role.PRINTER, Role.MANAGER)]
VOIDERS = [requires(Role.PRINTER, Role.CS, Role.EXCEPTIONS, Role.MANAGER)]


class OrderLabelsController(Controller):
    path = "/api/orders/{eid:str}"
    tags = ["labels"]

    @get("/labels", guards=[signed_in], summary="Label versions 快递单 of an order, oldest first")
    async def history(
        self, request: AnyRequest, eid: Eid, waves_service: NamedDependency[WavesService]
    ) -> LabelsOut:
        return await waves_service.labels(principal_of(request), eid)

    @post("/reprint", guards=PRINTERS, status_code=HTTP_200_OK, summary="New version, old voided")
    async def reprint(
        self,
        request: AnyRequest,
        eid: Eid,
        data: JSONBody[ReprintIn],
        waves_service: NamedDependency[WavesService],
    ) -> LabelsOut:
        return await waves_service.reprint(principal_of(request), eid, data.reason)

    @post("/void", guards=VOIDERS, status_code=HTTP_200_OK, summary="Void a label 原单撕毁")
    async def void(
        self,
        request: AnyRequest,
        eid: Eid,
        data: JSONBody[VoidIn],
        waves_service: NamedDependency[WavesService],
    ) -> LabelsOut:
        return await waves_service.void(principal_of(request), eid, data.tracking, data.reason)

    @get("/label", guards=PRINTERS, summary="The live label as PDF, PNG or ZPL")
    async def label(
        self,
        request: AnyRequest,
        eid: Eid,
        waves_service: NamedDependency[WavesService],
        format: Annotated[Fmt, QueryParameter()] = Fmt.PDF,
        size: Annotated[LabelSize, QueryParameter()] = LabelSize.E_WAYBILL_76X130,
        dpi: Annotated[Dpi, QueryParameter()] = Dpi.D203,
    ) -> Response[bytes]:
        return attachment(await waves_service.label(principal_of(request), eid, format, size, dpi))
