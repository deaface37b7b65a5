"""The device's last_seen_at stamp never fails a request (issue 9, finding 4's note): it
used to be a second SQLite writer in the auth middleware, giving 500 "database is locked"
under burst load. Now it is written in the background, on the Connector's write path."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from support.auth import bearer, enroll

from server.app import create_app
from server.db.url import parse_database_url
from server.identity import auth
from server.settings import Settings


@pytest.fixture
def database_url(sqlite_database: str) -> str:
    """SQLite only: its single write lock is the subject (PostgreSQL has row locks), and CI
    counts a skipped PostgreSQL case as a failure, so there is no PostgreSQL case at all."""
    return sqlite_database


@pytest.fixture
def locked(demo_loaded: Settings) -> Iterator[sqlite3.Connection]:
    """Another process's writer holding SQLite's write lock (reads go on, in WAL mode)."""
    url = parse_database_url(demo_loaded.database_url)
    assert url.kind == "sqlite"
    lite = sqlite3.connect(str(url.sqlite_path), isolation_level=None)
    yield lite
    lite.close()


async def test_requests_answer_while_the_stamp_cannot_be_written(
    demo_loaded: Settings, locked: sqlite3.Connection
) -> None:
    settings = msgspec.structs.replace(demo_loaded, sqlite_busy_timeout_ms=50)
    async with AsyncTestClient(create_app(settings)) as client:
        devices = [await enroll(client) for _ in range(20)]
        auth._seen.clear()  # every device is due for a stamp
        locked.execute("BEGIN IMMEDIATE")
        try:
            answers = await asyncio.gather(
                *(
                    client.get("/api/auth/staff", headers=bearer(d["token"]))
                    for d in devices
                    for _ in range(5)
                )
            )
            assert [r.status_code for r in answers] == [200] * 100
            await asyncio.sleep(0.3)  # the background stamps gave up on the lock
        finally:
            locked.execute("ROLLBACK")
        # With the lock free again, the next minute's stamp lands.
        auth._seen.clear()
        assert (await client.get("/api/auth/staff", headers=bearer(devices[0]["token"]))).is_success
        for _ in range(50):
            await asyncio.sleep(0.05)
            if not auth._pending:
                break
        row = locked.execute(
            "SELECT last_seen_at FROM device WHERE device_id = ?", [devices[0]["device_id"]]
        ).fetchone()
        assert row[0] is not None
