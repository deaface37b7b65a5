"""HTTP for dispatch: a manager puts orders on couriers' routes."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from server.dispatch.schemas import RouteAssign, RouteAssigned
from server.dispatch.services import DispatchService, NotAssignable
from server.identity.middleware import principal_of, requires
from server.roles import Role


class DispatchController(Controller):
    path = "/api/dispatch"
    tags = ["dispatch"]
    guards = [requires(Role.MANAGER)]

    @post("/routes", status_code=HTTP_200_OK, summary="Put an order on a courier's route")
    async def assign(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[RouteAssign],
        dispatch_service: NamedDependency[DispatchService],
    ) -> RouteAssigned:
        try:
            await dispatch_service.assign(
                principal_of(request).warehouse_id, data.eid, data.courier
            )
        except NotAssignable as exc:
            raise NotFoundException("no such order or courier in this warehouse") from exc
        return RouteAssigned(eid=data.eid, courier=data.courier)
