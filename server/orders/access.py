"""Object-level checks: an order is visible only to staff of the warehouse that owns it."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException

from server.identity.principal import Principal
from server.orders import repo
from server.orders.changes import Staff
from server.orders.model import OrderView
from server.orders.services import OrdersService

AnyRequest = Request[Any, Any, Any]


def service_of(request: AnyRequest) -> OrdersService:
    service: OrdersService = request.app.state["orders"]
    return service


def staff_of(principal: Principal) -> Staff:
    return Staff(code=principal.employee_code or principal.device_id, name=principal.name or "")


async def order_for(principal: Principal, eid: str) -> OrderView:
    """404 alike for "no such order" and "another warehouse's order": no existence oracle."""
    order = await repo.load_order(eid)
    if order is None or order.warehouse != principal.warehouse_id:
        raise NotFoundException(f"no order {eid!r} in warehouse {principal.warehouse_code}")
    return order
