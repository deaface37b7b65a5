"""The identity slice's service: sign-in, the staff list, devices, enrolment and admin.

The rules live in `auth` (tokens, PINs, throttles, sessions) and `admin` (warehouses,
staff, devices, enrolment codes), which the CLI shares; this is what controllers call.
"""

from __future__ import annotations

from litestar.channels import ChannelsPlugin

from server.db import Connector
from server.db.tables import AppUser, UserWarehouse
from server.identity import admin, auth, throttle
from server.identity.ended import announce_ended
from server.identity.principal import Principal
from server.identity.qr import enrollment_qr_svg
from server.identity.schemas import (
    ClaimResponse,
    DeviceInfo,
    EnrollmentResponse,
    LoginResponse,
    Me,
    Revoked,
    StaffEntry,
    UserInfo,
    WarehouseInfo,
)
from server.identity.throttle import Limit
from server.roles import Role, parse_roles

MAX_CLAIMS_PER_ADDRESS = 10  # wrong enrolment codes per source address and window
MAX_CLAIMS = 200  # wrong codes from everywhere together: a spread-out guesser stops too


def me_of(p: Principal) -> Me:
    return Me(
        device_id=p.device_id,
        warehouse_code=p.warehouse_code,
        employee_code=p.employee_code,
        name=p.name,
        roles=sorted(r.value for r in p.roles),
    )


class IdentityService:
    def __init__(self, connector: Connector, channels: ChannelsPlugin | None = None) -> None:
        # Tokens resolve on these pooled raw connections (see auth.RowSource).
        self.connector = connector
        # To end the live streams of a revoked device or an ended session (see ended.py).
        self.channels = channels

    async def authenticate(self, token: str) -> Principal | None:
        """The principal of a bearer token (None if unknown, expired or revoked); notes the
        device as seen."""
        principal = await auth.resolve(self.connector, token)
        if principal is not None:
            auth.note_seen(self.connector, principal)
        return principal

    async def still_valid(self, token: str) -> bool:
        return await auth.resolve(self.connector, token) is not None

    async def login(
        self,
        device: Principal,
        employee_code: str,
        pin: str,
        address: str,
        seq: int | None = None,
        wall: int | None = None,
    ) -> LoginResponse:
        token, expires, principal = await auth.login(
            self.connector, device, employee_code, pin, address, seq, wall
        )
        # The sign-in ended the device's earlier sessions: their streams close.
        announce_ended(self.channels, device.warehouse_id, device.device_id)
        return LoginResponse(token=token, expires_at=expires, me=me_of(principal))

    async def logout(self, principal: Principal, seq: int | None = None) -> Me:
        await auth.logout(self.connector, principal, seq)
        announce_ended(self.channels, principal.warehouse_id, principal.device_id)
        return me_of(principal)

    async def staff(self, warehouse: int) -> list[StaffEntry]:
        """Who can sign in on a device of this warehouse (names only; the PIN is needed)."""
        members = UserWarehouse.select(UserWarehouse.user).where(
            UserWarehouse.warehouse == warehouse
        )
        rows = await (
            AppUser.select(AppUser.employee_code, AppUser.name, AppUser.roles)
            .where(AppUser.id.is_in(members), AppUser.active.eq(True))
            .order_by(AppUser.employee_code)
            .run()
        )
        return [
            StaffEntry(
                employee_code=r["employee_code"],
                name=r["name"],
                roles=[x.value for x in parse_roles(r["roles"])],
            )
            for r in rows
        ]

    async def claim(self, code: str, label: str, address: str) -> ClaimResponse:
        """Spend an enrolment code; tries are counted first (see throttle.py), per source
        address and for all claims together, so codes cannot be guessed by brute force."""
        limits = [
            Limit(f"claim-addr:{address}", MAX_CLAIMS_PER_ADDRESS),
            Limit("claim-all", MAX_CLAIMS),
        ]
        await throttle.take(self.connector, limits, "too many enrolment tries; wait and try again")
        device_id, token, warehouse = await admin.claim_device(code, label)
        await throttle.release(self.connector, limits)
        return ClaimResponse(device_id=device_id, token=token, warehouse_code=warehouse)

    async def enroll(self, p: Principal, label: str) -> EnrollmentResponse:
        e = await admin.create_enrollment(p.warehouse_code, label, p.employee_code or "")
        return EnrollmentResponse(
            code=e.code,
            warehouse_code=e.warehouse_code,
            expires_at=e.expires_at,
            qr_svg=enrollment_qr_svg(e.code),
        )

    async def devices(self, warehouse: int) -> list[DeviceInfo]:
        return [DeviceInfo(**row) for row in await admin.list_devices(warehouse)]

    async def revoke(self, device_id: str, warehouse: int) -> Revoked:
        # Scoped to the manager's warehouse: another warehouse's device is simply not found.
        result = await admin.revoke_device(device_id, warehouse)
        announce_ended(self.channels, warehouse, device_id)
        return Revoked(device_id=str(result["device_id"]), revoked=True)

    async def add_warehouse(self, code: str, name: str, timezone: str) -> WarehouseInfo:
        row = await admin.add_warehouse(code, name, timezone)
        return WarehouseInfo(code=row["code"], name=row["name"], timezone=row["timezone"])

    async def add_user(
        self, warehouse: str, employee_code: str, name: str, roles: list[Role], pin: str
    ) -> UserInfo:
        return UserInfo(**await admin.add_user(warehouse, employee_code, name, roles, pin))
