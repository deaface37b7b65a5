"""SQLite connections for the Connector: each with the one worker thread that does its
blocking work (see `server.db._connector` for what runs on the thread and what on the loop)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from server.db._sql import Row

T = TypeVar("T")


def _fetchall(db: sqlite3.Connection, sql: str, args: Sequence[Any]) -> list[Row]:
    rows: list[Row] = db.execute(sql, args).fetchall()
    return rows


class SqliteHandle:
    """A sqlite3 connection and the one thread that does its blocking work.

    Work queued on the thread runs in order, so cleanup queued after a cancelled call
    (whose thread work still finishes) never overlaps it, and code on the event loop only
    touches the connection after a call it awaited: nothing else is queued by then.
    """

    def __init__(self, db: sqlite3.Connection, thread: ThreadPoolExecutor) -> None:
        self.db = db
        self._thread = thread

    @classmethod
    async def open(cls, path: str, busy_timeout_ms: int, writer: bool = False) -> SqliteHandle:
        thread = ThreadPoolExecutor(1, thread_name_prefix="packline-sqlite")

        def connect() -> sqlite3.Connection:
            db = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, cached_statements=256
            )
            db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            db.execute("PRAGMA foreign_keys = ON")
            # WAL + NORMAL: a commit survives a crash of the process (the WAL is written
            # before COMMIT returns), not necessarily a power loss; see docs/sync-server.md.
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA cache_size = -16000")  # 16 MB, so hot indexes stay cached
            if writer:
                # What running statements on the event loop relies on (a no-op once set:
                # the mode persists in the file, and the app sets it at start).
                db.execute("PRAGMA journal_mode = WAL")
                # Checkpoints run on their own connection and thread (Connector._checkpoint),
                # not inside a push's COMMIT while every other push waits for the writer.
                db.execute("PRAGMA wal_autocheckpoint = 0")
            return db

        try:
            db = await asyncio.get_running_loop().run_in_executor(thread, connect)
        except BaseException:
            thread.shutdown(wait=False)
            raise
        return cls(db, thread)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)

    async def close(self) -> None:
        try:
            await self.call(self.db.close)
        finally:
            self._thread.shutdown(wait=False)


class SqliteConn:
    """Statements inside a write transaction: run on the loop (see the module docstring)."""

    kind = "sqlite"

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> None:
        self._db.execute(sql, args)

    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._db.executemany(sql, rows)

    async def fetch(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        return _fetchall(self._db, sql, args)


class SqliteReadConn:
    """Statements of a read transaction: each one round trip to the connection's thread."""

    kind = "sqlite"

    def __init__(self, conn: SqliteHandle) -> None:
        self._c = conn

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> None:
        await self._c.call(self._c.db.execute, sql, args)

    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            await self._c.call(self._c.db.executemany, sql, rows)

    async def fetch(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        return await self._c.call(_fetchall, self._c.db, sql, args)


def rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        db.execute("ROLLBACK")
