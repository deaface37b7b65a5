"""One raw connection per unit of work, for batch writes Piccolo cannot do cheaply.

Piccolo opens a connection per query on SQLite; a push of 100 ops would pay that 100 times.
Here a whole push is a handful of executemany calls on one connection, in one transaction.
SQL is written with `?` placeholders and translated for asyncpg.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol

import aiosqlite
import asyncpg  # type: ignore[import-untyped]

from server.db.url import DatabaseURL

Row = tuple[Any, ...]
_PLACEHOLDER = re.compile(r"\?")
READ_POOL = 4


def to_pg(sql: str) -> str:
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _m: f"${next(counter)}", sql)


class Conn(Protocol):
    kind: str

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> None: ...
    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    async def fetch(self, sql: str, args: Sequence[Any] = ()) -> list[Row]: ...


class SqliteConn:
    kind = "sqlite"

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._c = conn

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> None:
        await self._c.execute(sql, tuple(args))

    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            await self._c.executemany(sql, [tuple(r) for r in rows])

    async def fetch(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        async with self._c.execute(sql, tuple(args)) as cur:
            return [tuple(r) for r in await cur.fetchall()]


class PgConn:
    kind = "postgresql"

    def __init__(self, conn: asyncpg.Connection[Any]) -> None:
        self._c = conn

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> None:
        await self._c.execute(to_pg(sql), *args)

    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            await self._c.executemany(to_pg(sql), rows)

    async def fetch(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        return [tuple(r) for r in await self._c.fetch(to_pg(sql), *args)]


class Connector:
    """Hands out connections: a shared writer on SQLite, the asyncpg pool on PostgreSQL."""

    def __init__(self, url: DatabaseURL, busy_timeout_ms: int = 5_000) -> None:
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms
        self._pool: asyncpg.Pool[Any] | None = None
        self._writer: aiosqlite.Connection | None = None
        # Idle SQLite read connections: opening one costs a thread and a file open per pull.
        self._readers: list[aiosqlite.Connection] = []
        # SQLite has one writer at a time anyway; queueing here avoids busy-waiting on the lock.
        self._write_lock = asyncio.Lock()

    async def start(self) -> None:
        if self.url.kind == "postgresql":
            self._pool = await asyncpg.create_pool(self.url.raw, min_size=1, max_size=10)

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
        if self._writer is not None:
            await self._writer.close()
            self._writer = None
        while self._readers:
            await self._readers.pop().close()

    async def _sqlite(self) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(str(self.url.sqlite_path), isolation_level=None)
        await conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA cache_size = -16000")  # 16 MB, so hot indexes stay cached
        return conn

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Conn]:
        """A write transaction: BEGIN IMMEDIATE on SQLite, a pooled transaction on PostgreSQL."""
        if self.url.kind == "postgresql":
            assert self._pool is not None, "connector not started"
            async with self._pool.acquire() as pg, pg.transaction():
                yield PgConn(pg)
            return
        async with self._write_lock:
            if self._writer is None:
                self._writer = await self._sqlite()
            conn = self._writer
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteConn(conn)
                await conn.execute("COMMIT")
            except BaseException:
                # Even a failed COMMIT must not leave the shared writer inside a transaction
                # (every later BEGIN would fail): roll back, or start over with a new one.
                try:
                    await conn.execute("ROLLBACK")
                except sqlite3.Error:
                    self._writer = None
                    await conn.close()
                raise

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Conn]:
        """A consistent read: a snapshot transaction, so paging never sees half a push."""
        if self.url.kind == "postgresql":
            assert self._pool is not None, "connector not started"
            async with (
                self._pool.acquire() as pg,
                pg.transaction(isolation="repeatable_read", readonly=True),
            ):
                yield PgConn(pg)
            return
        conn = self._readers.pop() if self._readers else await self._sqlite()
        try:
            await conn.execute("BEGIN")
            yield SqliteConn(conn)
            await conn.execute("COMMIT")
        except BaseException:
            await conn.close()
            raise
        if len(self._readers) < READ_POOL:
            self._readers.append(conn)
        else:
            await conn.close()
