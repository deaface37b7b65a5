"""PIN sign-in on an enrolled device, and turning a bearer token into a Principal."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from server.db.tables import AppUser, Device, LoginFailure, UserSession, UserWarehouse, Warehouse
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


async def _device_principal(device: dict[str, Any]) -> Principal:
    wh = (
        await Warehouse.select(Warehouse.code)
        .where(Warehouse.id == device["warehouse"])
        .first()
        .run()
    )
    assert wh is not None
    return Principal(
        device_pk=device["id"],
        device_id=device["device_id"],
        warehouse_id=device["warehouse"],
        warehouse_code=wh["code"],
    )


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
    """
    hashed = token_hash(token)
    if token.startswith(DEVICE_PREFIX):
        device = (
            await Device.select()
            .where(Device.token_hash == hashed, Device.revoked_at.is_null())
            .first()
            .run()
        )
        return await _device_principal(device) if device else None
    if not token.startswith(SESSION_PREFIX):
        return None
    now = _now()
    session = await (
        UserSession.select()
        .where(
            UserSession.token_hash == hashed,
            UserSession.ended_at.is_null(),
            UserSession.expires_at > now,
        )
        .first()
        .run()
    )
    if session is None:
        return None
    device = (
        await Device.select()
        .where(Device.id == session["device"], Device.revoked_at.is_null())
        .first()
        .run()
    )
    user = (
        await AppUser.select()
        .where(AppUser.id == session["user"], AppUser.active.eq(True))
        .first()
        .run()
    )
    if device is None or user is None:
        return None
    return _with_user(await _device_principal(device), user, session["id"])
