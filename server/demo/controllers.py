from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED

from server.connection import AnyConnection
from server.db.tables import AppUser
from server.demo.schemas import DemoEnroll, DemoUser
from server.identity import admin
from server.identity.schemas import ClaimResponse
from server.roles import parse_roles


def demo_only(connection: AnyConnection, _: BaseRouteHandler) -> None:
    """Outside `packline demo` these routes do not exist."""
    if not connection.app.state["settings"].demo:
        raise NotFoundException()


class DemoController(Controller):
    """Shortcuts that make a demo usable in one click; absent unless demo mode is on."""

    path = "/api/demo"
    tags = ["demo"]
    guards = [demo_only]
    opt = {"exclude_from_auth": True}

    @get("/users", summary="Demo staff with their roles (every demo PIN is 1234)")
    async def users(self) -> list[DemoUser]:
        rows = await (
            AppUser.select(
                AppUser.employee_code, AppUser.name, AppUser.roles, AppUser.warehouse.code
            )
            .where(AppUser.active.eq(True))
            .order_by(AppUser.employee_code)
            .run()
        )
        return [
            DemoUser(
                employee_code=r["employee_code"],
                name=r["name"],
                roles=[role.value for role in parse_roles(r["roles"])],
                warehouse_code=r["warehouse.code"],
            )
            for r in rows
        ]

    @post("/enroll", status_code=HTTP_201_CREATED, summary="Enrol this browser without a code")
    async def enroll(
        self, request: Request[Any, Any, Any], data: JSONBody[DemoEnroll]
    ) -> ClaimResponse:
        enrollment = await admin.create_enrollment(data.warehouse_code, data.label, "demo")
        device_id, token, warehouse = await admin.claim_device(enrollment.code, data.label)
        return ClaimResponse(device_id=device_id, token=token, warehouse_code=warehouse)
