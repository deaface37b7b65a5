"""Demo shortcuts: list the demo staff, enrol a browser without a code."""

from __future__ import annotations

from server.db.tables import AppUser
from server.demo.schemas import DemoUser
from server.identity import admin
from server.identity.schemas import ClaimResponse
from server.identity.services import IdentityService
from server.roles import parse_roles


class DemoService:
    def __init__(self, identity: IdentityService) -> None:
        self.identity = identity

    async def users(self) -> list[DemoUser]:
        """Every active staff member with roles and warehouse (every demo PIN is 1234)."""
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

    async def enroll(self, warehouse_code: str, label: str) -> ClaimResponse:
        """A fresh enrolment code, spent at once by this browser."""
        enrollment = await admin.create_enrollment(warehouse_code, label, "demo")
        # The code was made just now, so no guess to throttle (demo mode only).
        device_id, token, warehouse = await admin.claim_device(enrollment.code, label)
        return ClaimResponse(device_id=device_id, token=token, warehouse_code=warehouse)
