"""PIN sign-in on an enrolled device, and turning a bearer token into a Principal."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from server.db import stamp
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
SEEN_EVERY = 60.0  # seconds between last_seen_at writes for one device, per process


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


class RowSource(Protocol):
    """Raw read statements with `?` placeholders: the sync service's Connector, whose
    pooled connections spare every request the connection (and, on SQLite, the thread)
    a Piccolo query opens and closes."""

    @property
    def kind(self) -> str: ...

    async def fetch(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


_DEVICE_SQL = (
    "SELECT d.id, d.device_id, d.warehouse, w.code FROM device d"
    " JOIN warehouse w ON w.id = d.warehouse WHERE d.token_hash = ? AND d.revoked_at IS NULL"
)
_SESSION_SQL = (
    "SELECT s.id, d.id, d.device_id, d.warehouse, w.code,"
    " u.id, u.employee_code, u.name, u.roles"
    " FROM user_session s JOIN device d ON d.id = s.device"
    ' JOIN warehouse w ON w.id = d.warehouse JOIN app_user u ON u.id = s."user"'
    " WHERE s.token_hash = ? AND s.ended_at IS NULL AND s.expires_at > ?"
    " AND d.revoked_at IS NULL AND u.active = ?"
)


_seen: dict[str, float] = {}  # by device_id: random, so never shared by two databases


async def note_seen(principal: Principal) -> None:
    """Stamp the device's last_seen_at for the manager's device list ("is that lost phone
    still syncing?"). At most once a minute per device and process: a write on every
    request would queue behind pushes for SQLite's one write lock."""
    now = time.monotonic()
    last = _seen.get(principal.device_id)
    if last is not None and now - last < SEEN_EVERY:
        return
    _seen[principal.device_id] = now
    await Device.update({Device.last_seen_at: _now()}).where(Device.id == principal.device_pk).run()


async def resolve(source: RowSource, token: str) -> Principal | None:
    """A device token gives a device-only principal; a session token adds its user.

    Either way the device must not be revoked, so one click on a lost phone ends everything.
    One joined statement per request: this runs on every call.
    """
    hashed = token_hash(token)
    if token.startswith(DEVICE_PREFIX):
        rows = await source.fetch(_DEVICE_SQL, [hashed])
        return _device(*rows[0]) if rows else None
    if not token.startswith(SESSION_PREFIX):
        return None
    # Timestamps are compared as Piccolo stores them: text in UTC on SQLite.
    rows = await source.fetch(_SESSION_SQL, [hashed, stamp(source, _now()), True])
    if not rows:
        return None
    session_pk, pk, device_id, warehouse, code, user_pk, employee_code, name, roles = rows[0]
    user = {"id": int(user_pk), "employee_code": employee_code, "name": name, "roles": roles}
    return _with_user(_device(pk, device_id, warehouse, code), user, int(session_pk))


def _device(pk: Any, device_id: str, warehouse: Any, code: str) -> Principal:
    return Principal(
        device_pk=int(pk), device_id=device_id, warehouse_id=int(warehouse), warehouse_code=code
    )
