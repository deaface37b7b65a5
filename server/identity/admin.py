"""Administration shared by the CLI and the web app: warehouses, users, devices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.db.engine import write_transaction
from server.db.tables import (
    AppUser,
    Device,
    DeviceSession,
    EnrollmentCode,
    UserSession,
    UserWarehouse,
    Warehouse,
)
from server.identity.errors import Conflict, IdentityError, InvalidCode, NotFound
from server.identity.tokens import (
    DEVICE_PREFIX,
    new_device_id,
    new_enrollment_code,
    new_token,
    normalise_code,
    token_hash,
)
from server.roles import Role, format_roles
from server.security import hash_pin

ENROLLMENT_TTL = timedelta(minutes=15)


@dataclass(frozen=True)
class Enrollment:
    code: str
    warehouse_code: str
    expires_at: datetime


def _now() -> datetime:
    return datetime.now(UTC)


async def warehouse_by_code(code: str) -> dict[str, Any]:
    row = await Warehouse.select().where(Warehouse.code == code).first().run()
    if row is None:
        raise NotFound(f"unknown warehouse {code!r}")
    return row


async def add_warehouse(code: str, name: str, timezone: str = "Asia/Shanghai") -> dict[str, Any]:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise IdentityError(f"unknown time zone {timezone!r}") from exc
    if await Warehouse.exists().where(Warehouse.code == code).run():
        raise Conflict(f"warehouse {code!r} already exists")
    await Warehouse.insert(
        Warehouse(code=code, name=name, timezone=timezone, created_at=_now())
    ).run()
    return await warehouse_by_code(code)


def validate_pin(pin: str) -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise IdentityError("PIN must be 4-12 digits")


async def add_user(
    warehouse_code: str, employee_code: str, name: str, roles: list[Role], pin: str
) -> dict[str, Any]:
    if not roles:
        raise IdentityError("a user needs at least one role")
    validate_pin(pin)
    warehouse = await warehouse_by_code(warehouse_code)
    if await AppUser.exists().where(AppUser.employee_code == employee_code).run():
        raise Conflict(f"employee code {employee_code!r} is taken")
    user = AppUser(
        warehouse=warehouse["id"],
        employee_code=employee_code,
        name=name,
        roles=format_roles(roles),
        pin_hash=hash_pin(pin),
        active=True,
        created_at=_now(),
    )
    await AppUser.insert(user).run()
    await UserWarehouse.insert(UserWarehouse(user=user.id, warehouse=warehouse["id"])).run()
    return {
        "employee_code": employee_code,
        "name": name,
        "roles": sorted(r.value for r in roles),
        "warehouse": warehouse_code,
    }


async def create_enrollment(
    warehouse_code: str, label: str = "", created_by: str = ""
) -> Enrollment:
    warehouse = await warehouse_by_code(warehouse_code)
    code = new_enrollment_code()
    expires = _now() + ENROLLMENT_TTL
    await EnrollmentCode.insert(
        EnrollmentCode(
            code_hash=token_hash(code),
            warehouse=warehouse["id"],
            label=label,
            created_by=created_by,
            expires_at=expires,
        )
    ).run()
    return Enrollment(code=code, warehouse_code=warehouse_code, expires_at=expires)


async def claim_device(code: str, label: str = "") -> tuple[str, str, str]:
    """Spend a one-time code on a new device; returns (device id, token, warehouse code)."""
    now = _now()
    hashed = token_hash(normalise_code(code))
    device_id = new_device_id()
    token, hashed_token = new_token(DEVICE_PREFIX)
    async with write_transaction(EnrollmentCode._meta.db):
        # The conditional update is the single point where a code is spent: two phones
        # racing for one code cannot both win.
        spent = await (
            EnrollmentCode.update({EnrollmentCode.used_at: now})
            .where(
                EnrollmentCode.code_hash == hashed,
                EnrollmentCode.used_at.is_null(),
                EnrollmentCode.expires_at > now,
            )
            .returning(EnrollmentCode.id, EnrollmentCode.warehouse, EnrollmentCode.label)
            .run()
        )
        if not spent:
            raise InvalidCode("enrolment code is unknown, used or expired")
        row = spent[0]
        device = Device(
            warehouse=row["warehouse"],
            device_id=device_id,
            label=label or row["label"],
            token_hash=hashed_token,
            enrolled_at=now,
        )
        await Device.insert(device).run()
        await (
            EnrollmentCode.update({EnrollmentCode.device: device.id})
            .where(EnrollmentCode.id == row["id"])
            .run()
        )
    wh = (
        await Warehouse.select(Warehouse.code).where(Warehouse.id == row["warehouse"]).first().run()
    )
    assert wh is not None
    return device_id, token, str(wh["code"])


async def revoke_device(device_id: str, warehouse_id: int | None = None) -> dict[str, Any]:
    """Stop accepting anything from a device; what it already synced stays."""
    where = [Device.device_id == device_id]
    if warehouse_id is not None:
        where.append(Device.warehouse == warehouse_id)
    device = await Device.select().where(*where).first().run()
    if device is None:
        raise NotFound(f"unknown device {device_id!r}")
    now = _now()
    if device["revoked_at"] is None:
        await (
            Device.update({Device.revoked_at: now, Device.token_hash: None})
            .where(Device.id == device["id"])
            .run()
        )
        await (
            UserSession.update({UserSession.ended_at: now})
            .where(UserSession.device == device["id"], UserSession.ended_at.is_null())
            .run()
        )
        # Its session windows end too, so no op can later claim a time after the revoke.
        await (
            DeviceSession.update({DeviceSession.ended_at: now, DeviceSession.end_reason: "revoked"})
            .where(DeviceSession.device == device["id"], DeviceSession.ended_at.is_null())
            .run()
        )
    return {"device_id": device_id, "revoked": True}


async def list_devices(warehouse_id: int) -> list[dict[str, Any]]:
    return await (
        Device.select(
            Device.device_id,
            Device.label,
            Device.enrolled_at,
            Device.revoked_at,
            Device.last_seen_at,
        )
        .where(Device.warehouse == warehouse_id)
        .order_by(Device.enrolled_at)
        .run()
    )
