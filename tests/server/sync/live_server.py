"""`packline serve` as a real process, for what needs a network: SSE, two processes, kill -9.

Unlike support.server_proc.serving, the server can be killed with SIGKILL and started again
on the same database, its output goes to a file (a busy server would fill a pipe nobody
reads and stall), and clients are httpx.AsyncClient devices that enrol the way phones do.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from support.auth import DEMO_PIN, Device
from support.server_proc import PACKLINE, free_port
from support.wire import push_body

from server.db.url import parse_database_url
from sync import Op


class LiveServer:
    def __init__(self, database_url: str, log: Path, env: dict[str, str] | None = None) -> None:
        self.database_url = database_url
        self.log = log
        self.env = {**os.environ, "PACKLINE_DEMO": "1", **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = ""

    def start(self) -> str:
        port = free_port()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [PACKLINE, "serve", "--port", str(port), "--database", self.database_url],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env,
            )
        self.base = f"http://127.0.0.1:{port}"
        return self.base

    async def healthy(self, within: float = 90) -> str:
        # Generous: on a loaded 2-core CI box two servers importing at once took over 30 s.
        assert self.proc is not None
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2) as client:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited {self.proc.returncode}: {self.output()}")
                try:
                    if (await client.get(f"{self.base}/api/health")).status_code == 200:
                        return self.base
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"server not healthy in {within} s: {self.output()}")
                await asyncio.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing, open transactions simply vanish."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


async def device_at(
    client: httpx.AsyncClient, base: str, employee_code: str, warehouse: str = "SH01"
) -> Device:
    """Enrol (demo mode, no code) and sign in, as the PWA does on first start."""
    r = await client.post(
        f"{base}/api/demo/enroll", json={"warehouse_code": warehouse, "label": "test"}
    )
    assert r.status_code == 201, r.text
    claimed = r.json()
    r = await client.post(
        f"{base}/api/auth/login",
        json={"employee_code": employee_code, "pin": DEMO_PIN},
        headers={"Authorization": f"Bearer {claimed['token']}"},
    )
    assert r.status_code == 200, r.text
    headers = {"Authorization": f"Bearer {r.json()['token']}"}
    return Device(claimed["device_id"], headers, employee_code)


async def push_to(
    client: httpx.AsyncClient, base: str, dev: Device, ops: Sequence[Op]
) -> dict[str, Any]:
    body = push_body(ops)
    r = await client.post(
        f"{base}/api/sync/push",
        content=body,
        headers={**dev.headers, "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


class Stream:
    """The events of one open GET /api/sync/stream.

    One reader task parses the lines into a queue, so a `next` that times out cancels only
    its wait on the queue: cancelling a read of the response's line generator itself would
    close that generator, and every later `next` would see the stream as ended.
    """

    def __init__(self, lines: AsyncIterator[str]) -> None:
        self._events: asyncio.Queue[tuple[str, str] | None] = asyncio.Queue()
        self._reader = asyncio.create_task(self._read(lines))

    async def _read(self, lines: AsyncIterator[str]) -> None:
        event, data = "message", ""
        try:
            async for line in lines:
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data += line[5:].strip()
                elif line == "" and data:
                    self._events.put_nowait((event, data))
                    event, data = "message", ""
        finally:
            self._events.put_nowait(None)

    async def next(self, kind: str, within: float) -> dict[str, Any]:
        """The next event of this kind, or TimeoutError; EOFError once the stream ended."""
        async with asyncio.timeout(within):
            while True:
                item = await self._events.get()
                if item is None:
                    self._events.put_nowait(None)  # ended for every later call too
                    raise EOFError("stream closed")
                event, data = item
                if event == kind:
                    out: dict[str, Any] = json.loads(data)
                    return out

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


@asynccontextmanager
async def stream(client: httpx.AsyncClient, base: str, dev: Device) -> AsyncIterator[Stream]:
    """Open the live stream and wait for its hello: from then on no poke can be missed."""
    async with client.stream("GET", f"{base}/api/sync/stream", headers=dev.headers) as r:
        assert r.status_code == 200
        events = Stream(r.aiter_lines())
        try:
            await events.next("hello", within=10)
            yield events
        finally:
            await events.close()


async def db_rows(database_url: str, sql: str) -> list[tuple[Any, ...]]:
    """Read the database directly (no server involved), SQLite or PostgreSQL."""
    url = parse_database_url(database_url)
    if url.kind == "sqlite":
        lite = sqlite3.connect(str(url.sqlite_path))
        try:
            return [tuple(r) for r in lite.execute(sql).fetchall()]
        finally:
            lite.close()
    conn = await asyncpg.connect(url.raw)
    try:
        return [tuple(r) for r in await conn.fetch(sql)]
    finally:
        await conn.close()
