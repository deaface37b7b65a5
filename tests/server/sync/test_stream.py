"""Live pokes: a push reaches the warehouse's connected devices within a second, also
across server processes sharing one PostgreSQL (LISTEN/NOTIFY, or Redis)."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from pathlib import Path

import httpx
import pytest
from live_server import LiveServer, Stream, db_rows, device_at, push_to, stream
from support.auth import Device

from server.settings import Settings

REDIS_URL = os.environ.get("PACKLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PICK = {"sku": "6900000000001", "qty": 1}
Servers = Callable[..., AbstractAsyncContextManager[list[str]]]


@pytest.fixture
def servers(tmp_path: Path) -> Servers:
    """Start n `packline serve` processes on one database; stop them afterwards."""

    @asynccontextmanager
    async def start(url: str, n: int = 1, **env: str) -> AsyncIterator[list[str]]:
        procs = [LiveServer(url, tmp_path / f"server{i}.log", env) for i in range(n)]
        try:
            for p in procs:
                p.start()
            yield [await p.healthy() for p in procs]
        finally:
            for p in procs:
                p.stop()

    return start


async def an_order(database_url: str) -> str:
    rows = await db_rows(
        database_url,
        "SELECT eid FROM sync_entity WHERE etype = 'order' AND status = 'created'"
        " AND warehouse = (SELECT id FROM warehouse WHERE code = 'SH01') ORDER BY eid LIMIT 1",
    )
    return str(rows[0][0])


async def poked_within(events: Stream, cursor: int, seconds: float) -> float:
    """Seconds until a poke with this cursor (or a newer one) arrives."""
    start = time.monotonic()
    while True:
        poke = await events.next("poke", within=seconds - (time.monotonic() - start))
        if poke["cursor"] >= cursor:
            return time.monotonic() - start


async def test_a_push_pokes_the_warehouse_within_a_second(
    demo_loaded: Settings, servers: Servers
) -> None:
    url = demo_loaded.database_url
    eid = await an_order(url)
    async with servers(url) as [base], httpx.AsyncClient(timeout=10) as client:
        a = await device_at(client, base, "K001")
        b = await device_at(client, base, "K002")
        other = await device_at(client, base, "H002", "HZ02")
        async with stream(client, base, b) as b_events, stream(client, base, other) as hz:
            start = time.monotonic()
            op = a.op("pick.line_picked", eid, PICK)
            pushed = await push_to(client, base, a, [op])
            assert await b_events.next("poke", within=1.0) == {"cursor": pushed["cursor"]}
            assert time.monotonic() - start < 1.0
            # Another warehouse hears nothing of it; a retried push changes nothing, so
            # it pokes nobody either.
            with pytest.raises(TimeoutError):
                await hz.next("poke", within=0.3)
            again = await push_to(client, base, a, [op])
            assert again["results"] == [{"id": op.id, "status": "duplicate"}]
            with pytest.raises(TimeoutError):
                await b_events.next("poke", within=0.3)


async def test_keepalives_neither_end_the_stream_nor_lose_a_poke_and_revoking_ends_it(
    demo_loaded: Settings, servers: Servers
) -> None:
    url = demo_loaded.database_url
    eid = await an_order(url)
    keepalive = {"PACKLINE_SSE_KEEPALIVE_S": "0.1"}
    async with servers(url, **keepalive) as [base], httpx.AsyncClient(timeout=10) as client:
        a = await device_at(client, base, "K001")
        b = await device_at(client, base, "K002")
        manager = await device_at(client, base, "M001")
        async with stream(client, base, b) as events:
            with pytest.raises(TimeoutError):  # idle through several keepalives
                await events.next("poke", within=0.6)
            pushed = await push_to(client, base, a, [a.op("pick.line_picked", eid, PICK)])
            assert await poked_within(events, pushed["cursor"], 1.0) < 1.0
            r = await client.post(
                f"{base}/api/devices/{b.device_id}/revoke", headers=manager.headers
            )
            assert r.status_code == 200, r.text
            with pytest.raises(EOFError):  # ended at once (test_stream_end.py times it)
                await events.next("poke", within=2.0)


async def _redis_reachable() -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        await redis.ping()
    except OSError as exc:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"Redis not reachable at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    finally:
        await redis.aclose()


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("backend", ["listen-notify", "redis"])
async def test_a_push_to_one_process_pokes_a_client_of_another(
    demo_loaded: Settings, servers: Servers, backend: str
) -> None:
    url = demo_loaded.database_url
    env = {}
    if backend == "redis":
        await _redis_reachable()
        env["PACKLINE_REDIS_URL"] = REDIS_URL
    eid = await an_order(url)
    async with servers(url, 2, **env) as [one, two], httpx.AsyncClient(timeout=10) as client:
        a = await device_at(client, one, "K001")
        b = await device_at(client, two, "K002")
        async with AsyncExitStack() as stack:
            events = await stack.enter_async_context(stream(client, two, b))
            pushed = await push_to(client, one, a, [a.op("pick.line_picked", eid, PICK)])
            assert await poked_within(events, pushed["cursor"], 1.0) < 1.0
            if backend == "listen-notify":
                await _listener_survives_a_dropped_connection(url, client, one, a, events, eid)


async def _listener_survives_a_dropped_connection(
    url: str, client: httpx.AsyncClient, base: str, a: Device, events: Stream, eid: str
) -> None:
    """PostgreSQL restarts or a proxy drops the LISTEN connection: pokes resume."""
    killed = await db_rows(
        url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    assert killed, "no listening connection found"
    deadline = time.monotonic() + 10
    while True:
        pushed = await push_to(client, base, a, [a.op("pick.line_picked", eid, PICK)])
        try:
            await poked_within(events, pushed["cursor"], 1.0)
            return
        except TimeoutError:
            # A poke published while the listener was reconnecting is lost (pokes are hints).
            if time.monotonic() > deadline:
                raise
