"""HTTP for one order's labels: history, the live label as PDF/PNG/ZPL, reprint and void.

A reprint voids every live label (`label.void`) and prints a new version (`label.print`); a
later scan of an old label then fails with `voided_label_scan` on every replica.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.exceptions import HTTPException
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_409_CONFLICT

from server.identity.middleware import principal_of, requires, signed_in
from server.orders.access import AnyRequest, order_for, service_of, staff_of
from server.orders.changes import ChangeRefusedError, Staff
from server.orders.model import OrderView
from server.orders.notes import label_history
from server.orders.services import OrdersService
from server.printing.label_layout import LabelSize
from server.printing.raster import Dpi
from server.roles import Role
from server.waves import assemble, render
from server.waves.operations import local_time, reprint_ops, void_ops, warehouse_info
from server.waves.render import Fmt
from server.waves.schemas import LabelsOut, ReprintIn, VoidIn
from server.waves.select import label_refusal
from sync import Op

Eid = Annotated[str, PathParameter(max_length=256)]
PRINTERS = [requires(Role.PRINTER, Role.MANAGER)]
VOIDERS = [requires(Role.PRINTER, Role.CS, Role.EXCEPTIONS, Role.MANAGER)]


async def _labels_out(order: OrderView) -> LabelsOut:
    """The label history, with the newest live label (None while waiting for a reprint)."""
    live = order.live_labels[-1] if order.live_labels else None
    return LabelsOut(eid=order.eid, tracking=live, labels=await label_history(order.eid))


MakeOps = Callable[[OrdersService, OrderView, Staff], list[Op]]


async def _change_labels(request: AnyRequest, eid: str, make: MakeOps) -> LabelsOut:
    """Build the ops under the orders lock (409 if refused), push them, answer the new state."""
    p = principal_of(request)
    service = service_of(request)
    async with service.lock:
        order = await order_for(p, eid)
        try:
            ops = make(service, order, staff_of(p))
        except ChangeRefusedError as exc:
            raise HTTPException(status_code=HTTP_409_CONFLICT, detail=str(exc)) from exc
        await service.push(ops, order.warehouse)
    return await _labels_out(await order_for(p, eid))


class OrderLabelsController(Controller):
    path = "/api/orders/{eid:str}"
    tags = ["labels"]

    @get("/labels", guards=[signed_in], summary="Label versions 快递单 of an order, oldest first")
    async def history(self, request: AnyRequest, eid: Eid) -> LabelsOut:
        return await _labels_out(await order_for(principal_of(request), eid))

    @post("/reprint", guards=PRINTERS, status_code=HTTP_200_OK, summary="New version, old voided")
    async def reprint(self, request: AnyRequest, eid: Eid, data: JSONBody[ReprintIn]) -> LabelsOut:
        return await _change_labels(
            request, eid, lambda service, order, by: reprint_ops(service, order, by, data.reason)
        )

    @post("/void", guards=VOIDERS, status_code=HTTP_200_OK, summary="Void a label 原单撕毁")
    async def void(self, request: AnyRequest, eid: Eid, data: JSONBody[VoidIn]) -> LabelsOut:
        return await _change_labels(
            request,
            eid,
            lambda service, order, by: void_ops(service, order, data.tracking, by, data.reason),
        )

    @get("/label", guards=PRINTERS, summary="The live label as PDF, PNG or ZPL")
    async def label(
        self,
        request: AnyRequest,
        eid: Eid,
        format: Annotated[Fmt, QueryParameter()] = Fmt.PDF,
        size: Annotated[LabelSize, QueryParameter()] = LabelSize.E_WAYBILL_76X130,
        dpi: Annotated[Dpi, QueryParameter()] = Dpi.D203,
    ) -> Response[bytes]:
        p = principal_of(request)
        order = await order_for(p, eid)
        why = label_refusal(order)
        if why is not None:
            raise HTTPException(status_code=HTTP_409_CONFLICT, detail=f"order {eid} is {why}")
        wh = await warehouse_info(p.warehouse_id)
        item = assemble.label_data(order, wh.name, local_time(service_of(request).now(), wh))
        data, ext = await asyncio.to_thread(render.labels, [item], format, size, dpi)
        return Response(
            data,
            media_type=render.MEDIA[ext],
            headers={"Content-Disposition": f'attachment; filename="{item.tracking_no}.{ext}"'},
        )
