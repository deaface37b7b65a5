"""The Connector: one raw connection per unit of work, for batch writes Piccolo cannot do
cheaply.

Piccolo opens a connection per query on SQLite; a push of 100 ops would pay that 100 times.
Here a whole push is a handful of executemany calls on one connection, in one transaction.
SQL is written with `?` placeholders and translated for asyncpg.

On SQLite each connection has its own worker thread, and only what can wait runs there:
opening the file, `BEGIN IMMEDIATE` (it may wait for another process's write lock),
`COMMIT` (it writes the transaction's pages to the WAL), the reads of pulls, and WAL
checkpoints (on a connection of their own, see `Connector._checkpoint`). The statements
between `BEGIN IMMEDIATE` and `COMMIT` run on the event loop itself: the transaction holds
the write lock and WAL readers never block a writer, so they cannot wait on anything; each
is microseconds of CPU, and a thread round trip per statement used to cost more than the
statement (a 100-op push made ~20 of them).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg  # type: ignore[import-untyped]

from server.db._sql import Conn, Row
from server.db._sqlite import SqliteConn, SqliteHandle, SqliteReadConn, rollback
from server.db.url import DatabaseURL
from server.logs import get_logger

_PLACEHOLDER = re.compile(r"\?")
READ_POOL = 8  # idle SQLite readers kept: a fleet catching up has more than 4 pulls in flight
CHECKPOINT_DELAY_S = 0.2  # commits in this window share one checkpoint
log = get_logger(__name__)


@functools.lru_cache(maxsize=512)
def to_pg(sql: str) -> str:
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _m: f"${next(counter)}", sql)


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
        self._writer: SqliteHandle | None = None
        # Idle SQLite read connections: opening one costs a thread and a file open per pull.
        self._readers: list[SqliteHandle] = []
        # SQLite has one writer at a time anyway; queueing here avoids busy-waiting on the lock.
        self._write_lock = asyncio.Lock()
        self._checkpointer: SqliteHandle | None = None
        self._checkpointing: asyncio.Task[None] | None = None
        self._commits = 0  # since the running checkpoint started

    @property
    def kind(self) -> str:
        return self.url.kind

    async def start(self) -> None:
        if self.url.kind == "postgresql":
            self._pool = await asyncpg.create_pool(self.url.raw, min_size=1, max_size=10)

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
        if self._checkpointing is not None:
            self._checkpointing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._checkpointing
            self._checkpointing = None
        if self._checkpointer is not None:
            checkpointer, self._checkpointer = self._checkpointer, None
            await checkpointer.close()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            await writer.close()
        while self._readers:
            await self._readers.pop().close()

    async def _sqlite(self) -> SqliteHandle:
        return await SqliteHandle.open(str(self.url.sqlite_path), self.busy_timeout_ms)

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
                self._writer = await SqliteHandle.open(
                    str(self.url.sqlite_path), self.busy_timeout_ms, writer=True
                )
            conn = self._writer
            try:
                await conn.call(conn.db.execute, "BEGIN IMMEDIATE")
                yield SqliteConn(conn.db)
                await conn.call(conn.db.execute, "COMMIT")
                self._committed()
            except BaseException:
                # Even a failed COMMIT must not leave the shared writer inside a transaction
                # (every later BEGIN would fail): roll back, or start over with a new one.
                # Queued on the connection's thread, so it runs after a cancelled BEGIN or
                # COMMIT has finished there.
                try:
                    await conn.call(rollback, conn.db)
                except BaseException:
                    if self._writer is conn:
                        self._writer = None
                    await asyncio.shield(conn.close())
                raise

    def _committed(self) -> None:
        self._commits += 1
        if self._checkpointing is None or self._checkpointing.done():
            self._checkpointing = asyncio.get_running_loop().create_task(self._checkpoint())

    async def _checkpoint(self) -> None:
        """Copy the WAL back into the database file, off every push's path.

        SQLite's automatic checkpoint runs inside the COMMIT that crosses 1,000 WAL pages:
        several ms of page copying and two fsyncs, while the writer (and every push queued
        behind it) waits. Here a PASSIVE checkpoint (it never waits for a lock) runs on its
        own connection and thread shortly after a commit, and again while commits keep
        coming, so pages rewritten by several pushes in between are copied once. With
        `synchronous = NORMAL` this is also when the WAL is fsynced.
        """
        while self._commits:
            await asyncio.sleep(CHECKPOINT_DELAY_S)
            self._commits = 0  # commits from here on need the next round
            try:
                if self._checkpointer is None:
                    self._checkpointer = await self._sqlite()
                await self._checkpointer.call(
                    self._checkpointer.db.execute, "PRAGMA wal_checkpoint(PASSIVE)"
                )
            except sqlite3.Error as exc:
                # Only a missed chance: the next commit schedules another one.
                log.warning("wal checkpoint failed", error=repr(exc))
                checkpointer, self._checkpointer = self._checkpointer, None
                if checkpointer is not None:
                    await checkpointer.close()
                return

    async def fetch(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        """One read statement on its own (no snapshot needed): one round trip to a pooled
        connection, for lookups made on every request such as resolving a bearer token."""
        if self.url.kind == "postgresql":
            assert self._pool is not None, "connector not started"
            return [tuple(r) for r in await self._pool.fetch(to_pg(sql), *args)]
        # On SQLite a read transaction adds only a BEGIN and COMMIT on the loop (neither
        # can wait), and read() already pools the connection and cleans up after errors.
        async with self.read() as conn:
            return await conn.fetch(sql, args)

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
            # A deferred BEGIN takes no lock (the first read does, on the thread), and
            # ending a read transaction only releases it: neither can wait.
            conn.db.execute("BEGIN")
            yield SqliteReadConn(conn)
            conn.db.execute("COMMIT")
        except Exception:
            # Nothing of this connection is in flight (the failing call, if any, returned):
            # end the transaction and keep it.
            try:
                rollback(conn.db)
            except sqlite3.Error:
                await asyncio.shield(conn.close())
                raise
            await self._idle(conn)
            raise
        except BaseException:
            # Cancelled: a read may still be running on the thread; close after it.
            await asyncio.shield(conn.close())
            raise
        await self._idle(conn)

    async def _idle(self, conn: SqliteHandle) -> None:
        if len(self._readers) < READ_POOL:
            self._readers.append(conn)
        else:
            await conn.close()
