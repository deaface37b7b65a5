"""PIN sign-in on an enrolled device, and turning a bearer token into a Principal."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from server.db.tables import AppUser, Device, LoginFailure, UserSession, UserWarehouse
from server.identity.errors import BadCredentials, Throttled
from server.identity.principal import Principal
from server.identity.tokens import DEVICE_PREFIX, SESSION_PREFIX, new_token, token_hash
from server.roles import parse_roles
from server.security import verify_pin

SESSION_TTL = timedelta(hours=14)  # a long shift, 07:00-21:00
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_DEVICE = 20


def _now() -> datetime:
    return datetime.now(UTC)


async def _check_throttle(keys: list[tuple[str, int]]) -> None:
    since = _now() - THROTTLE_WINDOW
    for key, limit in keys:
        failures = (
            await LoginFailure.count().where(LoginFailure.key == key, LoginFailure.at > since).run()
        )
        if failures >= limit:
            raise Throttled(
                "too many failed sign-ins; wait and try again", int(THROTTLE_WINDOW.total_seconds())
            )


async def login(device: Principal, employee_code: str, pin: str) -> tuple[str, datetime, Principal]:
    user_key = f"user:{device.device_id}:{employee_code}"[:150]
    device_key = f"device:{device.device_id}"
    await _check_throttle(
        [(user_key, MAX_FAILURES_PER_USER), (device_key, MAX_FAILURES_PER_DEVICE)]
    )
    user = await AppUser.select().where(AppUser.employee_code == employee_code).first().run()
    member = (
        user is not None
        and await UserWarehouse.exists()
        .where(UserWarehouse.user == user["id"], UserWarehouse.warehouse == device.warehouse_id)
        .run()
    )
    # verify_pin runs scrypt (tens of ms); keep it off the event loop.
    ok = bool(member and user and user["active"]) and await asyncio.to_thread(
        verify_pin, pin, user["pin_hash"] if user else ""
    )
    if not ok or user is None:
        now = _now()
        await LoginFailure.insert(
            LoginFailure(key=user_key, at=now), LoginFailure(key=device_key, at=now)
        ).run()
        raise BadCredentials("employee code or PIN is wrong")
    await LoginFailure.delete().where(LoginFailure.key == user_key).run()
    token, hashed = new_token(SESSION_PREFIX)
    now = _now()
    expires = now + SESSION_TTL
    session = UserSession(
        token_hash=hashed,
        user=user["id"],
        device=device.device_pk,
        created_at=now,
        expires_at=expires,
    )
    await UserSession.insert(session).run()
    return token, expires, _with_user(device, user, session.id)


def _with_user(device: Principal, user: dict[str, Any], session_pk: int) -> Principal:
    return Principal(
        device_pk=device.device_pk,
        device_id=device.device_id,
        warehouse_id=device.warehouse_id,
        warehouse_code=device.warehouse_code,
        user_pk=user["id"],
        employee_code=user["employee_code"],
        name=user["name"],
        roles=frozenset(parse_roles(user["roles"])),
        session_pk=session_pk,
    )


async def logout(principal: Principal) -> None:
    if principal.session_pk is not None:
        await (
            UserSession.update({UserSession.ended_at: _now()})
            .where(UserSession.id == principal.session_pk)
            .run()
        )


async def resolve(token: str) -> Principal | None:
    """A device token gives a device-only principal; a session token adds its user.

    Either way the device must not be revoked, so one click on a lost phone ends everything.
    One joined query per request: this runs on every call, and on SQLite each Piccolo query
    opens its own connection.
    """
    hashed = token_hash(token)
    if token.startswith(DEVICE_PREFIX):
        row = (
            await Device.select(
                Device.id,
                Device.device_id,
                Device.warehouse,
                Device.warehouse.code.as_alias("warehouse_code"),
            )
            .where(Device.token_hash == hashed, Device.revoked_at.is_null())
            .first()
            .run()
        )
        return _principal(row) if row else None
    if not token.startswith(SESSION_PREFIX):
        return None
    # Piccolo types FK traversal loosely; the joined columns are checked by the tests.
    dev: Any = UserSession.device
    usr: Any = UserSession.user
    row = (
        await UserSession.select(
            UserSession.id.as_alias("session_id"),
            dev.id.as_alias("id"),
            dev.device_id.as_alias("device_id"),
            dev.warehouse.as_alias("warehouse"),
            dev.warehouse.code.as_alias("warehouse_code"),
            usr.id.as_alias("user_id"),
            usr.employee_code.as_alias("employee_code"),
            usr.name.as_alias("name"),
            usr.roles.as_alias("roles"),
        )
        .where(
            UserSession.token_hash == hashed,
            UserSession.ended_at.is_null(),
            UserSession.expires_at > _now(),
            dev.revoked_at.is_null(),
            usr.active.eq(True),
        )
        .first()
        .run()
    )
    if row is None:
        return None
    user = {
        "id": row["user_id"],
        "employee_code": row["employee_code"],
        "name": row["name"],
        "roles": row["roles"],
    }
    return _with_user(_principal(row), user, row["session_id"])


def _principal(row: dict[str, Any]) -> Principal:
    return Principal(
        device_pk=row["id"],
        device_id=row["device_id"],
        warehouse_id=row["warehouse"],
        warehouse_code=row["warehouse_code"],
    )
