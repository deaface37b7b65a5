"""Piccolo engines for both back ends, and the transaction discipline each needs."""

from __future__ import annotations

from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from server.db.url import DatabaseURL

AnyEngine = Engine[Any]


def create_engine(url: DatabaseURL, busy_timeout_ms: int = 5_000) -> AnyEngine:
    if url.kind == "sqlite":
        assert url.sqlite_path is not None
        # `timeout` is sqlite3's busy handler: writers queue behind a lock instead of failing.
        return SQLiteEngine(path=str(url.sqlite_path), timeout=busy_timeout_ms / 1000)
    return PostgresEngine(
        config={
            "host": url.host,
            "port": url.port,
            "user": url.user or None,
            "password": url.password or None,
            "database": url.database,
        }
    )


def write_transaction(engine: AnyEngine) -> Any:
    """A transaction for writes.

    On SQLite it is BEGIN IMMEDIATE: taking the write lock up front means two writers queue
    on the busy timeout rather than deadlocking when a deferred reader upgrades.
    """
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def is_reachable(engine: AnyEngine) -> bool:
    try:
        await engine.run_ddl("SELECT 1")
    except Exception:
        return False
    return True


async def schema_revision(engine: AnyEngine) -> str | None:
    """The Alembic revision the database is at, or None before the first migration."""
    try:
        rows = await engine.run_ddl("SELECT version_num FROM alembic_version")
    except Exception:
        return None
    return str(rows[0]["version_num"]) if rows else None
