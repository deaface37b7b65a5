"""The raw connections: cancelled and failed units of work leave them usable, WAL
checkpoints happen off the push path, and bearer tokens resolve on them to what the
database says."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from support.auth import DEMO_PIN, bearer, enroll, sign_in
from support.orders import fetch

from server.db import Connector
from server.db.migrate import upgrade_to_head
from server.db.url import parse_database_url
from server.roles import parse_roles
from server.settings import Settings


@pytest.fixture
def migrated_sqlite(sqlite_database: str) -> str:
    upgrade_to_head(parse_database_url(sqlite_database))
    return sqlite_database


@pytest.fixture
async def connector(migrated_sqlite: str) -> AsyncIterator[Connector]:
    conn = Connector(parse_database_url(migrated_sqlite), busy_timeout_ms=5_000)
    await conn.start()
    yield conn
    await conn.close()


def _path(connector: Connector) -> str:
    assert connector.url.sqlite_path is not None
    return str(connector.url.sqlite_path)


async def _keys(connector: Connector) -> set[str]:
    return {r[0] for r in await connector.fetch("SELECT key FROM sync_meta")}


async def test_a_write_cancelled_inside_its_transaction_is_rolled_back(
    connector: Connector,
) -> None:
    async def stalled() -> None:
        async with connector.write() as conn:
            await conn.execute("INSERT INTO sync_meta (key, value) VALUES ('lost', '1')")
            await asyncio.sleep(30)

    task = asyncio.create_task(stalled())
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with connector.write() as conn:
        await conn.execute("INSERT INTO sync_meta (key, value) VALUES ('kept', '1')")
    assert await _keys(connector) == {"kept"}


async def test_a_write_cancelled_while_waiting_for_the_lock_leaves_the_writer_usable(
    connector: Connector,
) -> None:
    """BEGIN IMMEDIATE still waits on the connection's thread after the cancel; the
    rollback is queued behind it, and the next push finds no transaction left open."""
    other = sqlite3.connect(_path(connector), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock

    async def blocked() -> None:
        async with connector.write() as conn:
            await conn.execute("INSERT INTO sync_meta (key, value) VALUES ('never', '1')")

    task = asyncio.create_task(blocked())
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    other.execute("ROLLBACK")
    other.close()
    async with connector.write() as conn:
        await conn.execute("INSERT INTO sync_meta (key, value) VALUES ('after', '1')")
    assert await _keys(connector) == {"after"}


async def test_a_failed_statement_ends_the_unit_of_work_cleanly(connector: Connector) -> None:
    with pytest.raises(sqlite3.OperationalError):
        async with connector.read() as conn:
            await conn.fetch("SELECT no_such_column FROM sync_meta")
    with pytest.raises(sqlite3.IntegrityError):
        async with connector.write() as conn:
            await conn.execute("INSERT INTO sync_meta (key, value) VALUES ('dup', '1')")
            await conn.execute("INSERT INTO sync_meta (key, value) VALUES ('dup', '2')")
    async with connector.read() as conn:
        assert await conn.fetch("SELECT key FROM sync_meta") == []
    async with connector.write() as conn:
        await conn.execute("INSERT INTO sync_meta (key, value) VALUES ('dup', '3')")
    assert await _keys(connector) == {"dup"}


async def test_the_wal_is_checkpointed_in_the_background(connector: Connector) -> None:
    """The writer never checkpoints inside COMMIT; a background task does shortly after.
    `immutable=1` reads the database file alone, ignoring the WAL."""
    async with connector.write() as conn:
        await conn.execute("INSERT INTO sync_meta (key, value) VALUES ('walled', '1')")

    def in_file() -> bool:
        db = sqlite3.connect(f"file:{_path(connector)}?immutable=1", uri=True)
        try:
            return bool(db.execute("SELECT 1 FROM sync_meta WHERE key = 'walled'").fetchall())
        finally:
            db.close()

    assert not in_file()  # committed (in the WAL), not yet copied back
    for _ in range(50):
        await asyncio.sleep(0.1)
        if in_file():
            break
    assert in_file()


async def _expected_me(url: str, device_id: str, employee_code: str | None = None) -> Any:
    """/api/auth/me as the database says it should be, read on a connection of the test's
    own: an oracle independent of the statement that resolves the token."""
    [(code,)] = await fetch(
        url,
        "SELECT w.code FROM device d JOIN warehouse w ON w.id = d.warehouse WHERE d.device_id = ?",
        device_id,
    )
    me: dict[str, Any] = {
        "device_id": device_id,
        "warehouse_code": code,
        "employee_code": None,
        "name": None,
        "roles": [],
    }
    if employee_code is not None:
        [(name, roles)] = await fetch(
            url, "SELECT name, roles FROM app_user WHERE employee_code = ?", employee_code
        )
        me.update(
            employee_code=employee_code,
            name=name,
            roles=sorted(r.value for r in parse_roles(roles)),
        )
    return me


async def _me(client: AsyncTestClient[Any], token: str) -> tuple[int, Any]:
    r = await client.get("/api/auth/me", headers=bearer(token))
    return r.status_code, r.json()


async def test_tokens_resolve_on_the_raw_connections_as_the_database_says(
    demo_client: AsyncTestClient[Any], demo_loaded: Settings
) -> None:
    url = demo_loaded.database_url
    device = await enroll(demo_client)
    signed = await enroll(demo_client)
    r = await demo_client.post(
        "/api/auth/login",
        json={"employee_code": "K001", "pin": DEMO_PIN},
        headers=bearer(signed["token"]),
    )
    assert r.status_code == 200, r.text
    session = r.json()["token"]
    manager = await sign_in(demo_client, "M001")

    status, body = await _me(demo_client, device["token"])
    assert status == 200 and body["employee_code"] is None
    assert body == await _expected_me(url, device["device_id"])
    status, body = await _me(demo_client, session)
    assert status == 200 and body["employee_code"] == "K001"
    assert body == await _expected_me(url, signed["device_id"], "K001")
    for bogus in ("pls_not-a-token", "pld_not-a-token", "nonsense"):
        assert (await _me(demo_client, bogus))[0] == 401

    r = await demo_client.post("/api/auth/logout", headers=bearer(session))
    assert r.status_code == 200, r.text
    assert (await _me(demo_client, session))[0] == 401
    r = await demo_client.post(f"/api/devices/{device['device_id']}/revoke", headers=manager)
    assert r.status_code == 200, r.text
    assert (await _me(demo_client, device["token"]))[0] == 401
