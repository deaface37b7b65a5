"""What the fleet bench measures from outside the server: memory, CPU, disk, PG sessions.

Nothing here imports the server: the figures come from /proc, the database files and
PostgreSQL's own catalog views, so they hold whatever the server's code looks like.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import os
import resource
import sqlite3
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

TICK = os.sysconf("SC_CLK_TCK")
SYNC_TABLES = ("op_log", "sync_entity", "sync_exception", "rejected_op")


def _status(pid: int) -> dict[str, int]:
    """VmRSS / VmHWM of a process in bytes (empty once it is gone)."""
    out: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) * 1024
    return out


def rss(pid: int) -> int:
    return _status(pid).get("VmRSS", 0)


def peak_rss(pid: int) -> int:
    return _status(pid).get("VmHWM", 0)


def reset_peak(pid: int) -> None:
    """Start a new high-water mark (Linux >= 4.0: `5` > clear_refs), so VmHWM read after a
    phase is that phase's peak, not the process's lifetime peak."""
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/clear_refs").write_text("5")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def own_cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def loadavg() -> str:
    """The 1/5/15-minute load averages: the machine is shared, so every figure says it."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@dataclass
class PhaseUsage:
    """CPU and memory of one timed phase, for every process that did its work."""

    wall_s: float = 0.0
    server_cpu_s: float = 0.0
    db_cpu_s: float = 0.0  # PostgreSQL backends of the run's database
    client_cpu_s: float = 0.0  # this bench process (the 50 simulated devices)
    peak_rss: list[int] = field(default_factory=list)  # per server process
    rss_after: list[int] = field(default_factory=list)
    timeline: list[tuple[float, int, int]] = field(default_factory=list)  # (s, done, rss sum)
    pg_waits: Counter[str] = field(default_factory=Counter)

    def cpu_line(self) -> str:
        parts = [f"server {self.server_cpu_s:.1f}"]
        if self.db_cpu_s:
            parts.append(f"PostgreSQL {self.db_cpu_s:.1f}")
        parts.append(f"client {self.client_cpu_s:.1f}")
        return f"CPU s in {self.wall_s:.1f} s: " + ", ".join(parts)

    def rss_line(self) -> str:
        peaks = " + ".join(f"{p / 2**20:.0f}" for p in self.peak_rss)
        after = " + ".join(f"{p / 2**20:.0f}" for p in self.rss_after)
        return f"server peak RSS {peaks} MB (after: {after} MB)"

    def waits_line(self) -> str:
        total = sum(self.pg_waits.values())
        if not total:
            return ""
        top = ", ".join(f"{k} {v / total:.0%}" for k, v in self.pg_waits.most_common(6))
        return f"PostgreSQL sessions of the server, sampled: {top}"


class Meter:
    """Measures one phase: CPU and peak RSS of the servers (and PG backends), a timeline
    of RSS against work done, and what the server's PostgreSQL sessions wait on."""

    def __init__(
        self, pids: Sequence[int], pg_url: str | None = None, db_name: str | None = None
    ) -> None:
        self.pids = list(pids)
        self.pg_url = pg_url
        self.db_name = db_name
        self.done = 0  # work units finished, bumped by the phase
        self.usage = PhaseUsage()
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    async def _pg_backends(self, conn: asyncpg.Connection) -> list[int]:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            self.db_name,
        )
        return [int(r[0]) for r in rows]

    async def __aenter__(self) -> Meter:
        for pid in self.pids:
            reset_peak(pid)
        self._cpu0 = sum(cpu_s(p) for p in self.pids)
        self._own0 = own_cpu_s()
        self._pg: asyncpg.Connection | None = None
        self._backend0: dict[int, float] = {}
        if self.pg_url and self.db_name:
            self._pg = await asyncpg.connect(self.pg_url)
            self._backend0 = {p: cpu_s(p) for p in await self._pg_backends(self._pg)}
        self._t0 = time.perf_counter()
        self._task = asyncio.create_task(self._sample())
        return self

    async def _sample(self) -> None:
        wait_sql = (
            "SELECT state, wait_event_type, wait_event FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        tick = 0
        while not self._stop.is_set():
            if tick % 4 == 0:
                self.usage.timeline.append(
                    (time.perf_counter() - self._t0, self.done, sum(rss(p) for p in self.pids))
                )
            if self._pg is not None:
                for state, wtype, wevent in await self._pg.fetch(wait_sql, self.db_name):
                    if state == "idle":
                        continue  # pooled connections nobody holds
                    what = f"{state}" + (f" [{wtype}:{wevent}]" if wtype else " [on CPU]")
                    self.usage.pg_waits[what] += 1
            tick += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), 0.05)

    async def __aexit__(self, *exc: object) -> None:
        u = self.usage
        u.wall_s = time.perf_counter() - self._t0
        self._stop.set()
        if self._task is not None:
            await self._task
        u.timeline.append((u.wall_s, self.done, sum(rss(p) for p in self.pids)))
        u.server_cpu_s = sum(cpu_s(p) for p in self.pids) - self._cpu0
        u.client_cpu_s = own_cpu_s() - self._own0
        u.peak_rss = [peak_rss(p) for p in self.pids]
        u.rss_after = [rss(p) for p in self.pids]
        if self._pg is not None:
            now = {p: cpu_s(p) for p in await self._pg_backends(self._pg)}
            u.db_cpu_s = sum(c - self._backend0.get(p, 0.0) for p, c in now.items())
            await self._pg.close()


# -- disk ------------------------------------------------------------------------------


@dataclass
class Disk:
    total: int  # file (+WAL) or pg_database_size
    tables: dict[str, int]  # table -> bytes including its indexes
    ops: int
    exceptions: int
    exception_record_bytes: int  # sum of length(record)

    @property
    def sync_bytes(self) -> int:
        return sum(self.tables.get(t, 0) for t in SYNC_TABLES)


def sqlite_disk(path: Path) -> Disk:
    """Checkpoint the WAL into the file first: the file then holds everything stored."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        owner = {name: tbl for name, tbl in db.execute("SELECT name, tbl_name FROM sqlite_master")}
        tables: Counter[str] = Counter()
        for name, size in db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
            tables[owner.get(name, name)] += int(size)
        ops = db.execute("SELECT COUNT(*) FROM op_log").fetchone()[0]
        exc, rec = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(LENGTH(CAST(record AS BLOB))), 0) FROM sync_exception"
        ).fetchone()
    finally:
        db.close()
    total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return Disk(total, dict(tables), int(ops), int(exc), int(rec))


async def pg_disk(url: str) -> Disk:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("VACUUM ANALYZE")  # what autovacuum would do on a live database
        total = await conn.fetchval("SELECT pg_database_size(current_database())")
        rows = await conn.fetch(
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class"
            " WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        )
        ops = await conn.fetchval("SELECT COUNT(*) FROM op_log")
        exc, rec = await conn.fetchrow(
            "SELECT COUNT(*), COALESCE(SUM(octet_length(record)), 0) FROM sync_exception"
        )
    finally:
        await conn.close()
    return Disk(int(total), {r[0]: int(r[1]) for r in rows}, int(ops), int(exc), int(rec))


async def disk_of(url: str) -> Disk:
    if url.startswith("sqlite"):
        return await asyncio.to_thread(sqlite_disk, Path(url.split("///", 1)[1]))
    return await pg_disk(url)


@dataclass
class StateSize:
    """What a bootstrap of state (not history) would carry: the order state rows."""

    orders: int
    body_bytes: int
    gzip_bytes: int
    open_orders: int  # not yet shipped, delivered or cancelled: a picker's open work
    open_bytes: int
    open_gzip_bytes: int


CLOSED = ("shipped", "delivered", "cancelled")


async def state_size(url: str, warehouse: int) -> StateSize:
    sql = "SELECT eid, state, status FROM sync_entity WHERE etype = 'order' AND warehouse = "
    if url.startswith("sqlite"):
        db = sqlite3.connect(url.split("///", 1)[1])
        try:
            rows = db.execute(sql + "?", [warehouse]).fetchall()
        finally:
            db.close()
    else:
        conn = await asyncpg.connect(url)
        try:
            rows = [tuple(r) for r in await conn.fetch(sql + "$1", warehouse)]
        finally:
            await conn.close()

    def sized(chosen: list[tuple[str, str, str]]) -> tuple[int, int]:
        body = ("{" + ",".join(f'"{e}":{s}' for e, s, _st in chosen) + "}").encode()
        return len(body), len(gzip.compress(body, 6))

    everything = sized(rows)
    open_rows = [r for r in rows if r[2] not in CLOSED]
    opened = sized(open_rows)
    return StateSize(len(rows), *everything, len(open_rows), *opened)
