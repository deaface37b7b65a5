"""Alembic is the only schema author, so the migrated schema must equal the Piccolo tables."""

from __future__ import annotations

import asyncio
import sqlite3

import asyncpg
import pytest
from support.schema_shape import Shape, diff, piccolo_shape, postgres_shape, sqlite_shape

from server.db.migrate import upgrade_to_head
from server.db.url import DatabaseURL, parse_database_url


def _actual(url: DatabaseURL) -> Shape:
    return sqlite_shape(url) if url.kind == "sqlite" else asyncio.run(postgres_shape(url))


def _execute(url: DatabaseURL, sql: str) -> None:
    if url.kind == "sqlite":
        with sqlite3.connect(str(url.sqlite_path)) as conn:
            conn.execute(sql)
        return

    async def run() -> None:
        conn = await asyncpg.connect(url.raw)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


def test_migrated_schema_matches_piccolo_tables(database_url: str) -> None:
    url = parse_database_url(database_url)
    upgrade_to_head(url)
    assert diff(piccolo_shape(url), _actual(url)) == []


def test_upgrade_is_idempotent(database_url: str) -> None:
    url = parse_database_url(database_url)
    upgrade_to_head(url)
    upgrade_to_head(url)
    assert diff(piccolo_shape(url), _actual(url)) == []


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("ALTER TABLE sku ADD COLUMN colour VARCHAR(20)", "migrations create column ('colour'"),
        ("DROP INDEX sales_order_status", "Piccolo declares index (('status',), False)"),
        (
            "CREATE INDEX sneaky ON parcel (carrier)",
            "migrations create index (('carrier',), False)",
        ),
    ],
)
def test_drift_is_reported(database_url: str, sql: str, expected: str) -> None:
    """The comparison itself must be able to fail, or the test above proves nothing."""
    url = parse_database_url(database_url)
    upgrade_to_head(url)
    _execute(url, sql)
    problems = diff(piccolo_shape(url), _actual(url))
    assert any(expected in p for p in problems), problems
