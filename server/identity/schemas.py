from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from server.roles import Role
from server.schemas import Schema

Code = Annotated[str, msgspec.Meta(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
Label = Annotated[str, msgspec.Meta(max_length=100)]
Pin = Annotated[str, msgspec.Meta(min_length=4, max_length=12, pattern=r"^[0-9]+$")]


class ClaimRequest(Schema):
    code: Annotated[str, msgspec.Meta(min_length=4, max_length=20)]
    label: Label = ""


class ClaimResponse(Schema):
    device_id: str
    token: str
    warehouse_code: str


Counter = Annotated[int, msgspec.Meta(ge=0, le=2**53 - 1)]


class LoginRequest(Schema):
    employee_code: Code
    pin: Pin
    # The device's op counter and HLC wall at sign-in: this user's ops are the ones after
    # them (server/identity/sessions.py). Optional for older clients.
    seq: Counter | None = None
    wall: Counter | None = None


class LogoutRequest(Schema):
    # The device's op counter at sign-out: later ops cannot be this user's.
    seq: Counter | None = None


class Me(Schema):
    device_id: str
    warehouse_code: str
    employee_code: str | None
    name: str | None
    roles: list[str]


class LoginResponse(Schema):
    token: str
    expires_at: datetime
    me: Me


class EnrollmentRequest(Schema):
    label: Label = ""


class EnrollmentResponse(Schema):
    code: str
    warehouse_code: str
    expires_at: datetime
    qr_svg: str


class DeviceInfo(Schema):
    device_id: str
    label: str
    enrolled_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None


class Revoked(Schema):
    device_id: str
    revoked: bool


class NewWarehouse(Schema):
    code: Code
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    timezone: Annotated[str, msgspec.Meta(max_length=64)] = "Asia/Shanghai"


class WarehouseInfo(Schema):
    code: str
    name: str
    timezone: str


class NewUser(Schema):
    employee_code: Code
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    roles: Annotated[list[Role], msgspec.Meta(min_length=1, max_length=9)]
    pin: Pin
    warehouse_code: Code | None = None


class UserInfo(Schema):
    employee_code: str
    name: str
    roles: list[str]
    warehouse: str


class StaffEntry(Schema):
    employee_code: str
    name: str
    roles: list[str]
