from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter

from server.identity.middleware import principal_of, signed_in
from server.overview.schemas import Overview
from server.overview.services import OverviewService

WarehouseCode = Annotated[
    str | None, QueryParameter(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
]


class OverviewController(Controller):
    path = "/api/overview"
    tags = ["overview"]
    guards = [signed_in]

    @get("/", summary="Counts of the day's work in the caller's warehouse")
    async def overview(
        self,
        request: Request[Any, Any, Any],
        overview_service: NamedDependency[OverviewService],
        warehouse: WarehouseCode = None,
    ) -> Overview:
        principal = principal_of(request)
        # Another warehouse is "not found", not "forbidden": its existence is not disclosed.
        if warehouse is not None and warehouse != principal.warehouse_code:
            raise NotFoundException(f"unknown warehouse {warehouse!r}")
        found = await overview_service.overview(principal.warehouse_code)
        if found is None:
            raise NotFoundException("warehouse not found")
        return found
