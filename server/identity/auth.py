"""PIN sign-in on an enrolled device, and turning a bearer token into a Principal."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from server.db import Connector, stamp
from server.db.tables import AppUser, UserWarehouse
from server.identity import sessions, throttle
from server.identity.errors import BadCredentials
from server.identity.principal import Principal
from server.identity.throttle import Limit
from server.identity.tokens import DEVICE_PREFIX, SESSION_PREFIX, new_token, token_hash
from server.logs import get_logger
from server.roles import parse_roles
from server.security import verify_pin

log = get_logger(__name__)

SESSION_TTL = timedelta(hours=14)  # a long shift, 07:00-21:00
MAX_TRIES_PER_USER = 5  # per user on one device
MAX_TRIES_PER_DEVICE = 20
MAX_TRIES_PER_ADDRESS = 60  # a warehouse's phones may share one NAT address
SEEN_EVERY = 60.0  # seconds between last_seen_at writes for one device, per process
_TOO_MANY = "too many failed sign-ins; wait and try again"


def _now() -> datetime:
    return datetime.now(UTC)


def login_limits(device: Principal, employee_code: str, address: str) -> list[Limit]:
    return [
        Limit(f"user:{device.device_id}:{employee_code}", MAX_TRIES_PER_USER),
        Limit(f"device:{device.device_id}", MAX_TRIES_PER_DEVICE),
        Limit(f"addr:{address}", MAX_TRIES_PER_ADDRESS),
    ]


async def login(
    connector: Connector,
    device: Principal,
    employee_code: str,
    pin: str,
    address: str,
    seq: int | None = None,
    wall: int | None = None,
) -> tuple[str, datetime, Principal]:
    """Check the PIN, counting the try first (see throttle.py), and open a session whose
    window on this device starts after the device's op counter `seq` and clock `wall`."""
    limits = login_limits(device, employee_code, address)
    await throttle.take(connector, limits, _TOO_MANY)
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
        raise BadCredentials("employee code or PIN is wrong")  # the try stays counted
    token, hashed = new_token(SESSION_PREFIX)
    now = _now()
    expires = now + SESSION_TTL
    async with connector.write() as conn:
        session_pk = await sessions.open_session(
            conn,
            token_hash=hashed,
            user_pk=int(user["id"]),
            device_pk=device.device_pk,
            device_id=device.device_id,
            now=now,
            expires=expires,
            seq=seq,
            wall=wall,
        )
    await throttle.release(connector, limits)
    return token, expires, _with_user(device, user, session_pk)


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


async def logout(connector: Connector, principal: Principal, seq: int | None = None) -> None:
    if principal.session_pk is not None:
        async with connector.write() as conn:
            await sessions.end_session(conn, principal.session_pk, _now(), seq)


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


_SEEN_SQL = "UPDATE device SET last_seen_at = ? WHERE id = ?"
_pending: set[asyncio.Task[None]] = set()  # held so a running write is not collected


def note_seen(connector: Connector, principal: Principal) -> None:
    """Stamp the device's last_seen_at for the manager's device list ("is that lost phone
    still syncing?"). At most once a minute per device and process, in the background on
    the Connector's one write path: the request never waits behind pushes for SQLite's
    write lock, and a write that fails (the lock held too long) is only a missed stamp,
    never a 500."""
    now = time.monotonic()
    last = _seen.get(principal.device_id)
    if last is not None and now - last < SEEN_EVERY:
        return
    _seen[principal.device_id] = now
    task = asyncio.get_running_loop().create_task(_stamp_seen(connector, principal.device_pk))
    _pending.add(task)
    task.add_done_callback(_pending.discard)


async def _stamp_seen(connector: Connector, device_pk: int) -> None:
    try:
        async with connector.write() as conn:
            await conn.execute(_SEEN_SQL, [stamp(conn, _now()), device_pk])
    except Exception as exc:
        log.warning("last_seen_at not stamped", device=device_pk, error=repr(exc))


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
