"""HTTP for one order's labels: history, the live label as PDF/PNG/ZPL, reprint and void.

A reprint voids every live label (`label.void`) and prints a new version (`label.print`); a
later scan of an old label then fails with `voided_label_scan` on every replica.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.exceptions import ClientException, HTTPException
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_409_CONFLICT

from server.identity.middleware import principal_of, requires, signed_in
from server.orders.access import AnyRequest, order_for, service_of, staff_of
from server.orders.changes import ChangeRefusedError
from server.orders.notes import label_history
from server.printing.label_layout import LabelSize
from server.roles import Role
from server.waves import assemble, render
from server.waves.render import Fmt
from server.waves.schemas import LabelsOut, ReprintIn, VoidIn
from server.waves.select import label_printable
from server.waves.service import local_time, reprint_ops, void_ops, warehouse_info

Eid = Annotated[str, PathParameter(max_length=256)]
PRINTERS = [requires(Role.PRINTER, Role.MANAGER)]
VOIDERS = [requires(Role.PRINTER, Role.CS, Role.EXCEPTIONS, Role.MANAGER)]


def _refused(exc: ChangeRefusedError) -> HTTPException:
    return HTTPException(status_code=HTTP_409_CONFLICT, detail=str(exc))


async def _labels_out(eid: str, tracking: str | None) -> LabelsOut:
    return LabelsOut(eid=eid, tracking=tracking, labels=await label_history(eid))


class OrderLabelsController(Controller):
    path = "/api/orders/{eid:str}"
    tags = ["labels"]

    @get("/labels", guards=[signed_in], summary="Label versions 快递单 of an order, oldest first")
    async def history(self, request: AnyRequest, eid: Eid) -> LabelsOut:
        order = await order_for(principal_of(request), eid)
        live = order.live_labels[-1] if order.live_labels else None
        return await _labels_out(eid, live)

    @post("/reprint", guards=PRINTERS, status_code=HTTP_200_OK, summary="New version, old voided")
    async def reprint(self, request: AnyRequest, eid: Eid, data: JSONBody[ReprintIn]) -> LabelsOut:
        p = principal_of(request)
        service = service_of(request)
        async with service.lock:
            order = await order_for(p, eid)
            try:
                ops, tracking = reprint_ops(service, order, staff_of(p), data.reason)
            except ChangeRefusedError as exc:
                raise _refused(exc) from exc
            await service.push(ops, order.warehouse)
        return await _labels_out(eid, tracking)

    @post("/void", guards=VOIDERS, status_code=HTTP_200_OK, summary="Void a label 原单撕毁")
    async def void(self, request: AnyRequest, eid: Eid, data: JSONBody[VoidIn]) -> LabelsOut:
        p = principal_of(request)
        service = service_of(request)
        async with service.lock:
            order = await order_for(p, eid)
            try:
                ops = void_ops(service, order, data.tracking, staff_of(p), data.reason)
            except ChangeRefusedError as exc:
                raise _refused(exc) from exc
            await service.push(ops, order.warehouse)
        fresh = await order_for(p, eid)
        return await _labels_out(eid, fresh.live_labels[-1] if fresh.live_labels else None)

    @get("/label", guards=PRINTERS, summary="The live label as PDF, PNG or ZPL")
    async def label(
        self,
        request: AnyRequest,
        eid: Eid,
        format: Annotated[Fmt, QueryParameter()] = Fmt.PDF,
        size: Annotated[LabelSize, QueryParameter()] = LabelSize.E_WAYBILL_76X130,
        dpi: Annotated[int, QueryParameter(ge=203, le=300)] = 203,
    ) -> Response[bytes]:
        if dpi not in (203, 300):
            raise ClientException("dpi must be 203 or 300")
        p = principal_of(request)
        order = await order_for(p, eid)
        if not label_printable(order):
            why = (
                "on hold"
                if order.hold
                else "cancelled"
                if order.cancelled
                else "waiting for a reprint"
                if order.needs_reprint
                else "without a live label"
            )
            raise HTTPException(status_code=HTTP_409_CONFLICT, detail=f"order {eid} is {why}")
        wh = await warehouse_info(p.warehouse_id)
        item = assemble.label_data(order, wh.name, local_time(service_of(request).now(), wh))
        data, ext = await asyncio.to_thread(render.labels, [item], format, size, dpi)
        return Response(
            data,
            media_type=render.MEDIA[ext],
            headers={"Content-Disposition": f'attachment; filename="{item.tracking_no}.{ext}"'},
        )
