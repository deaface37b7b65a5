"""Finding 3 of issue 9: a revoked device's or a signed-out session's live stream closes
within a second, however busy the warehouse is. Real server processes, other devices
pushing throughout; on PostgreSQL across two processes (the revoke on one, the stream on
the other)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from live_server import LiveServer, Stream, device_at, push_to, stream
from support.auth import Device
from test_stream import PICK, an_order

from server.settings import Settings


@asynccontextmanager
async def busy(
    client: httpx.AsyncClient, base: str, dev: Device, eid: str
) -> AsyncIterator[list[int]]:
    """Another device pushing every 50 ms while the block runs; yields the push count."""
    count = [0]

    async def loop() -> None:
        while True:
            await push_to(client, base, dev, [dev.op("pick.line_picked", eid, PICK)])
            count[0] += 1
            await asyncio.sleep(0.05)

    task = asyncio.create_task(loop())
    try:
        yield count
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def closed_within(events: Stream, seconds: float) -> float:
    """Seconds until the stream ends (pokes keep arriving until then)."""
    start = time.monotonic()
    with pytest.raises(EOFError):
        while True:
            await events.next("poke", within=seconds - (time.monotonic() - start))
    return time.monotonic() - start


@pytest.fixture
async def two_servers(demo_loaded: Settings, tmp_path: Path) -> AsyncIterator[list[str]]:
    """Two processes on PostgreSQL (pokes and ends cross them); one on SQLite."""
    n = 2 if demo_loaded.database_url.startswith("postgresql") else 1
    # Keepalives far apart: only the "ended" message can close the stream in time.
    env = {"PACKLINE_SSE_KEEPALIVE_S": "30"}
    procs = [LiveServer(demo_loaded.database_url, tmp_path / f"s{i}.log", env) for i in range(n)]
    try:
        for p in procs:
            p.start()
        bases = [await p.healthy() for p in procs]
        yield bases if n == 2 else bases * 2
    finally:
        for p in procs:
            p.stop()


async def test_revoking_a_device_closes_its_stream_within_a_second_under_traffic(
    demo_loaded: Settings, two_servers: list[str]
) -> None:
    one, two = two_servers
    eid = await an_order(demo_loaded.database_url)
    async with httpx.AsyncClient(timeout=10) as client:
        pusher = await device_at(client, one, "K001")
        victim = await device_at(client, two, "K002")
        manager = await device_at(client, one, "M001")
        async with stream(client, two, victim) as events, busy(client, one, pusher, eid) as n:
            while n[0] < 10:  # the traffic reaches the stream
                await events.next("poke", within=2.0)
            before = n[0]
            r = await client.post(
                f"{one}/api/devices/{victim.device_id}/revoke", headers=manager.headers
            )
            assert r.status_code == 200, r.text
            took = await closed_within(events, 1.0)
            await asyncio.sleep(0.3)
            assert n[0] > before  # pushes went on during and after the revoke
    print(f"\nrevoked stream closed in {took:.3f} s; {n[0]} pushes by other devices")
    assert took < 1.0


async def test_signing_out_closes_the_sessions_stream_within_a_second_under_traffic(
    demo_loaded: Settings, two_servers: list[str]
) -> None:
    one, two = two_servers
    eid = await an_order(demo_loaded.database_url)
    async with httpx.AsyncClient(timeout=10) as client:
        pusher = await device_at(client, one, "K001")
        leaving = await device_at(client, two, "K002")
        staying = await device_at(client, two, "K003")
        async with (
            stream(client, two, leaving) as events,
            stream(client, two, staying) as others,
            busy(client, one, pusher, eid) as n,
        ):
            while n[0] < 10:
                await events.next("poke", within=2.0)
            r = await client.post(f"{one}/api/auth/logout", headers=leaving.headers)
            assert r.status_code == 200, r.text
            assert await closed_within(events, 1.0) < 1.0
            # Another device's stream goes on.
            await others.next("poke", within=2.0)
