"""The fleet bench's baselines: the database doing the same work with nothing around it.

A second database with the same schema (migrated by the same `packline migrate`, so the
same `op_log` table and indexes) holds the very rows the Packline side stores: the setup
ops first (not timed), then the fleet's scans in the same batches. Timed:

* ingest: one transaction per batch with one `executemany` of its rows; SQLite in WAL
  mode with `synchronous = NORMAL` and `BEGIN IMMEDIATE` (what the server configures);
  PostgreSQL through asyncpg, on one connection and also on 10 at once (the server's
  pool size), each running a device's batches in order;
* catch-up: every device's pages of the log after its checkpoint, with the statement
  pull runs, one page after another on one connection;
* bootstrap: the statement that selects a warehouse's ops, all rows fetched.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
from _fleet_probe import cpu_s, own_cpu_s

Row = tuple[Any, ...]
INSERT_OP = (
    "INSERT INTO op_log (op_id, device_id, counter, hlc, actor, warehouse, entity_type,"
    " entity_id, kind, wall, ctr, op_json, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
PAGE_SQL = "SELECT seq, op_json FROM op_log WHERE warehouse = ? AND seq > ? ORDER BY seq LIMIT ?"
BOOT_SQL = "SELECT op_json FROM op_log WHERE warehouse = ? AND seq > -1 AND seq <= ? ORDER BY seq"


class CpuMeter:
    """CPU seconds of a raw baseline: this process (the driver and, for SQLite, the
    database engine itself) plus the PostgreSQL backend serving it, if any. On a shared
    machine, CPU per op compares better than wall time."""

    def __init__(self) -> None:
        self.seconds = 0.0

    @contextlib.contextmanager
    def measure(self, backend_pid: int | None = None) -> Iterator[None]:
        own, pg = own_cpu_s(), cpu_s(backend_pid) if backend_pid else 0.0
        try:
            yield
        finally:
            self.seconds = own_cpu_s() - own + (cpu_s(backend_pid) - pg if backend_pid else 0.0)


def _pg(sql: str) -> str:
    out, n = [], 0
    for ch in sql:
        if ch == "?":
            n += 1
            out.append(f"${n}")
        else:
            out.append(ch)
    return "".join(out)


@dataclass
class RawBoot:
    seconds: float
    rows: int
    body_bytes: int  # the ops as one JSON array
    gzip_bytes: int  # that array at zlib level 6, the server's setting
    gzip_s: float


def _boot_figures(seconds: float, ops: list[str]) -> RawBoot:
    body = ("[" + ",".join(ops) + "]").encode()
    start = time.perf_counter()
    zipped = len(gzip.compress(body, 6))
    return RawBoot(seconds, len(ops), len(body), zipped, time.perf_counter() - start)


def _sqlite_rows(rows: Sequence[Row]) -> list[Row]:
    """Timestamps as the text the server stores on SQLite (UTC `str(datetime)`)."""
    return [(*r[:-1], str(r[-1])) if isinstance(r[-1], datetime) else r for r in rows]


class RawSqlite:
    def __init__(self, url: str) -> None:
        self.path = Path(url.split("///", 1)[1])
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA cache_size = -16000")
        self.db = db
        self.cpu = CpuMeter()  # of the last timed call

    def close(self) -> None:
        self.db.close()

    def fill(self, rows: Sequence[Row]) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        self.db.executemany(INSERT_OP, _sqlite_rows(rows))
        self.db.execute("COMMIT")

    def ingest(self, batches: Sequence[Sequence[Row]]) -> list[float]:
        """Seconds per batch."""
        prepared = [_sqlite_rows(b) for b in batches]
        out = []
        with self.cpu.measure():
            for rows in prepared:
                start = time.perf_counter()
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany(INSERT_OP, rows)
                self.db.execute("COMMIT")
                out.append(time.perf_counter() - start)
        return out

    def catch_up(self, warehouse: int, cursors: Sequence[int], page: int) -> tuple[float, int]:
        start = time.perf_counter()
        total = 0
        with self.cpu.measure():
            for cursor in cursors:
                while True:
                    rows = self.db.execute(PAGE_SQL, (warehouse, cursor, page + 1)).fetchall()
                    total += min(len(rows), page)
                    if len(rows) <= page:
                        break
                    cursor = rows[page - 1][0]
        return time.perf_counter() - start, total

    def bootstrap(self, warehouse: int) -> RawBoot:
        start = time.perf_counter()
        with self.cpu.measure():
            head = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM op_log").fetchone()[0]
            ops = [r[0] for r in self.db.execute(BOOT_SQL, (warehouse, head)).fetchall()]
        return _boot_figures(time.perf_counter() - start, ops)


class RawPg:
    def __init__(self, url: str) -> None:
        self.url = url
        self.cpu = CpuMeter()  # of the last timed call

    async def _conn(self) -> asyncpg.Connection:
        return await asyncpg.connect(self.url)

    async def fill(self, rows: Sequence[Row]) -> None:
        conn = await self._conn()
        try:
            async with conn.transaction():
                await conn.executemany(_pg(INSERT_OP), rows)
            await conn.execute("ANALYZE op_log")
        finally:
            await conn.close()

    async def ingest(self, batches: Sequence[Sequence[Row]]) -> list[float]:
        """Seconds per batch."""
        conn = await self._conn()
        try:
            sql = _pg(INSERT_OP)
            out = []
            with self.cpu.measure(conn.get_server_pid()):
                for rows in batches:
                    start = time.perf_counter()
                    async with conn.transaction():
                        await conn.executemany(sql, rows)
                    out.append(time.perf_counter() - start)
            return out
        finally:
            await conn.close()

    async def ingest_concurrent(
        self, per_device: Sequence[Sequence[Sequence[Row]]], conns: int
    ) -> float:
        """Each device's batches in order, devices sharing a pool of `conns` connections."""
        pool = await asyncpg.create_pool(self.url, min_size=conns, max_size=conns)
        sql = _pg(INSERT_OP)

        async def device(batches: Sequence[Sequence[Row]]) -> None:
            for rows in batches:
                async with pool.acquire() as conn, conn.transaction():
                    await conn.executemany(sql, rows)

        try:
            start = time.perf_counter()
            await asyncio.gather(*(device(b) for b in per_device))
            return time.perf_counter() - start
        finally:
            await pool.close()

    async def catch_up(
        self, warehouse: int, cursors: Sequence[int], page: int
    ) -> tuple[float, int]:
        conn = await self._conn()
        try:
            stmt = await conn.prepare(_pg(PAGE_SQL))
            start = time.perf_counter()
            total = 0
            with self.cpu.measure(conn.get_server_pid()):
                for cursor in cursors:
                    while True:
                        rows = await stmt.fetch(warehouse, cursor, page + 1)
                        total += min(len(rows), page)
                        if len(rows) <= page:
                            break
                        cursor = rows[page - 1][0]
            return time.perf_counter() - start, total
        finally:
            await conn.close()

    async def bootstrap(self, warehouse: int) -> RawBoot:
        conn = await self._conn()
        try:
            start = time.perf_counter()
            with self.cpu.measure(conn.get_server_pid()):
                head = await conn.fetchval("SELECT COALESCE(MAX(seq), 0) FROM op_log")
                ops = [r[0] for r in await conn.fetch(_pg(BOOT_SQL), warehouse, head)]
            return _boot_figures(time.perf_counter() - start, ops)
        finally:
            await conn.close()
