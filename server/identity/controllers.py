"""HTTP for identity: claim a device, sign in, and the manager's device and staff admin."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from server.db.tables import AppUser, UserWarehouse
from server.identity import admin, auth
from server.identity.middleware import principal_of, requires, signed_in
from server.identity.principal import Principal
from server.identity.qr import enrollment_qr_svg
from server.identity.schemas import (
    ClaimRequest,
    ClaimResponse,
    DeviceInfo,
    EnrollmentRequest,
    EnrollmentResponse,
    LoginRequest,
    LoginResponse,
    Me,
    NewUser,
    NewWarehouse,
    Revoked,
    StaffEntry,
    UserInfo,
    WarehouseInfo,
)
from server.roles import Role, parse_roles

AnyRequest = Request[Principal, str, State]
ManagerOnly = [requires(Role.MANAGER)]


def me_of(p: Principal) -> Me:
    return Me(
        device_id=p.device_id,
        warehouse_code=p.warehouse_code,
        employee_code=p.employee_code,
        name=p.name,
        roles=sorted(r.value for r in p.roles),
    )


class AuthController(Controller):
    path = "/api/auth"
    tags = ["auth"]

    @post("/login", status_code=HTTP_200_OK, summary="Sign in on an enrolled device")
    async def login(self, request: AnyRequest, data: JSONBody[LoginRequest]) -> LoginResponse:
        token, expires, principal = await auth.login(
            principal_of(request), data.employee_code, data.pin
        )
        return LoginResponse(token=token, expires_at=expires, me=me_of(principal))

    @post("/logout", status_code=HTTP_200_OK, guards=[signed_in])
    async def logout(self, request: AnyRequest) -> Me:
        principal = principal_of(request)
        await auth.logout(principal)
        return me_of(principal)

    @get("/me")
    async def me(self, request: AnyRequest) -> Me:
        return me_of(principal_of(request))

    @get("/staff", summary="Who can sign in on this device (names only; the PIN is still needed)")
    async def staff(self, request: AnyRequest) -> list[StaffEntry]:
        wid = principal_of(request).warehouse_id
        members = UserWarehouse.select(UserWarehouse.user).where(UserWarehouse.warehouse == wid)
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


class DeviceController(Controller):
    path = "/api/devices"
    tags = ["devices"]

    @post("/claim", status_code=HTTP_201_CREATED, opt={"exclude_from_auth": True})
    async def claim(self, data: JSONBody[ClaimRequest]) -> ClaimResponse:
        device_id, token, warehouse = await admin.claim_device(data.code, data.label)
        return ClaimResponse(device_id=device_id, token=token, warehouse_code=warehouse)

    @post("/enrollments", status_code=HTTP_201_CREATED, guards=ManagerOnly)
    async def enroll(
        self, request: AnyRequest, data: JSONBody[EnrollmentRequest]
    ) -> EnrollmentResponse:
        p = principal_of(request)
        e = await admin.create_enrollment(p.warehouse_code, data.label, p.employee_code or "")
        return EnrollmentResponse(
            code=e.code,
            warehouse_code=e.warehouse_code,
            expires_at=e.expires_at,
            qr_svg=enrollment_qr_svg(e.code),
        )

    @get("/", guards=ManagerOnly)
    async def list_devices(self, request: AnyRequest) -> list[DeviceInfo]:
        return [
            DeviceInfo(**row)
            for row in await admin.list_devices(principal_of(request).warehouse_id)
        ]

    @post("/{device_id:str}/revoke", status_code=HTTP_200_OK, guards=ManagerOnly)
    async def revoke(self, request: AnyRequest, device_id: FromPath[str]) -> Revoked:
        # Scoped to the manager's warehouse: another warehouse's device is simply not found.
        result = await admin.revoke_device(device_id, principal_of(request).warehouse_id)
        return Revoked(device_id=str(result["device_id"]), revoked=True)


class AdminController(Controller):
    path = "/api/admin"
    tags = ["admin"]

    @post("/warehouses", status_code=HTTP_201_CREATED, guards=[requires(Role.ADMIN)])
    async def add_warehouse(self, data: JSONBody[NewWarehouse]) -> WarehouseInfo:
        row = await admin.add_warehouse(data.code, data.name, data.timezone)
        return WarehouseInfo(code=row["code"], name=row["name"], timezone=row["timezone"])

    @post("/users", status_code=HTTP_201_CREATED, guards=ManagerOnly)
    async def add_user(self, request: AnyRequest, data: JSONBody[NewUser]) -> UserInfo:
        p = principal_of(request)
        warehouse = data.warehouse_code or p.warehouse_code
        if warehouse != p.warehouse_code and not p.has_any(Role.ADMIN):
            raise PermissionDeniedException("managers add staff to their own warehouse only")
        if Role.ADMIN in data.roles and not p.has_any(Role.ADMIN):
            raise PermissionDeniedException("only an admin can create an admin")
        row = await admin.add_user(
            warehouse, data.employee_code, data.name, list(data.roles), data.pin
        )
        return UserInfo(**row)
