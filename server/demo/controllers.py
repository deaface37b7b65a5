from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED

from server.connection import AnyConnection
from server.demo.schemas import DemoEnroll, DemoUser
from server.demo.services import DemoService
from server.identity.schemas import ClaimResponse


def demo_only(enabled: bool) -> Any:
    """Guard: outside `packline demo` these routes do not exist (the composition root says
    which, from the settings)."""

    def guard(_connection: AnyConnection, _handler: BaseRouteHandler) -> None:
        if not enabled:
            raise NotFoundException()

    return guard


class DemoController(Controller):
    """Shortcuts that make a demo usable in one click; absent unless demo mode is on."""

    path = "/api/demo"
    tags = ["demo"]
    opt = {"exclude_from_auth": True}

    @get("/users", summary="Demo staff with their roles (every demo PIN is 1234)")
    async def users(self, demo_service: NamedDependency[DemoService]) -> list[DemoUser]:
        return await demo_service.users()

    @post("/enroll", status_code=HTTP_201_CREATED, summary="Enrol this browser without a code")
    async def enroll(
        self, data: JSONBody[DemoEnroll], demo_service: NamedDependency[DemoService]
    ) -> ClaimResponse:
        return await demo_service.enroll(data.warehouse_code, data.label)
