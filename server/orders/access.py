"""Who acts: the staff member an office op is authored for (the device, if nobody signed in)."""

from __future__ import annotations

from typing import Any

from litestar import Request

from server.identity.principal import Principal
from server.orders.changes import Staff

AnyRequest = Request[Any, Any, Any]


def staff_of(principal: Principal) -> Staff:
    return Staff(code=principal.employee_code or principal.device_id, name=principal.name or "")
