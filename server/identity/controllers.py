"""HTTP for identity: claim a device, sign in, and the manager's device and staff admin."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from server.identity.middleware import principal_of, requires, signed_in
from server.identity.principal import Principal
from server.identity.schemas import (
    ClaimRequest,
    ClaimResponse,
    DeviceInfo,
    EnrollmentRequest,
    EnrollmentResponse,
    LoginRequest,
    LoginResponse,
    LogoutRequest,
    Me,
    NewUser,
    NewWarehouse,
    Revoked,
    StaffEntry,
    UserInfo,
    WarehouseInfo,
)
from server.identity.services import IdentityService, me_of
from server.roles import Role

AnyRequest = Request[Principal, str, State]


def client_address(request: AnyRequest) -> str:
    """The peer's address, for per-address throttles (the server faces the LAN directly)."""
    return request.client.host if request.client else "unknown"


ManagerOnly = [requires(Role.MANAGER)]


class AuthController(Controller):
    path = "/api/auth"
    tags = ["auth"]

    @post("/login", status_code=HTTP_200_OK, summary="Sign in on an enrolled device")
    async def login(
        self,
        request: AnyRequest,
        data: JSONBody[LoginRequest],
        identity_service: NamedDependency[IdentityService],
    ) -> LoginResponse:
        return await identity_service.login(
            principal_of(request),
            data.employee_code,
            data.pin,
            client_address(request),
            data.seq,
            data.wall,
        )

    @post("/logout", status_code=HTTP_200_OK, guards=[signed_in])
    async def logout(
        self,
        request: AnyRequest,
        identity_service: NamedDependency[IdentityService],
        data: JSONBody[LogoutRequest | None] = None,
    ) -> Me:
        return await identity_service.logout(principal_of(request), data.seq if data else None)

    @get("/me")
    async def me(self, request: AnyRequest) -> Me:
        return me_of(principal_of(request))

    @get("/staff", summary="Who can sign in on this device (names only; the PIN is still needed)")
    async def staff(
        self, request: AnyRequest, identity_service: NamedDependency[IdentityService]
    ) -> list[StaffEntry]:
        return await identity_service.staff(principal_of(request).warehouse_id)


class DeviceController(Controller):
    path = "/api/devices"
    tags = ["devices"]

    @post("/claim", status_code=HTTP_201_CREATED, opt={"exclude_from_auth": True})
    async def claim(
        self,
        request: AnyRequest,
        data: JSONBody[ClaimRequest],
        identity_service: NamedDependency[IdentityService],
    ) -> ClaimResponse:
        return await identity_service.claim(data.code, data.label, client_address(request))

    @post("/enrollments", status_code=HTTP_201_CREATED, guards=ManagerOnly)
    async def enroll(
        self,
        request: AnyRequest,
        data: JSONBody[EnrollmentRequest],
        identity_service: NamedDependency[IdentityService],
    ) -> EnrollmentResponse:
        return await identity_service.enroll(principal_of(request), data.label)

    @get("/", guards=ManagerOnly)
    async def list_devices(
        self, request: AnyRequest, identity_service: NamedDependency[IdentityService]
    ) -> list[DeviceInfo]:
        return await identity_service.devices(principal_of(request).warehouse_id)

    @post("/{device_id:str}/revoke", status_code=HTTP_200_OK, guards=ManagerOnly)
    async def revoke(
        self,
        request: AnyRequest,
        device_id: FromPath[str],
        identity_service: NamedDependency[IdentityService],
    ) -> Revoked:
        return await identity_service.revoke(device_id, principal_of(request).warehouse_id)


class AdminController(Controller):
    path = "/api/admin"
    tags = ["admin"]

    @post("/warehouses", status_code=HTTP_201_CREATED, guards=[requires(Role.ADMIN)])
    async def add_warehouse(
        self, data: JSONBody[NewWarehouse], identity_service: NamedDependency[IdentityService]
    ) -> WarehouseInfo:
        return await identity_service.add_warehouse(data.code, data.name, data.timezone)

    @post("/users", status_code=HTTP_201_CREATED, guards=ManagerOnly)
    async def add_user(
        self,
        request: AnyRequest,
        data: JSONBody[NewUser],
        identity_service: NamedDependency[IdentityService],
    ) -> UserInfo:
        p = principal_of(request)
        warehouse = data.warehouse_code or p.warehouse_code
        if warehouse != p.warehouse_code and not p.has_any(Role.ADMIN):
            raise PermissionDeniedException("managers add staff to their own warehouse only")
        if Role.ADMIN in data.roles and not p.has_any(Role.ADMIN):
            raise PermissionDeniedException("only an admin can create an admin")
        return await identity_service.add_user(
            warehouse, data.employee_code, data.name, list(data.roles), data.pin
        )
