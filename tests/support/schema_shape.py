"""Describe a schema as plain data, from Piccolo tables or from a live database, to diff them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import asyncpg
from piccolo.constraints import Unique
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from server.db.tables import ALL_TABLES, bind_tables
from server.db.tables.oplog import COMPOSITE_INDEXES
from server.db.url import DatabaseURL

Column = tuple[str, str, bool]  # name, type, nullable
Index = tuple[tuple[str, ...], bool]  # columns, unique


@dataclass(frozen=True)
class TableShape:
    columns: frozenset[Column]
    indexes: frozenset[Index]


Shape = dict[str, TableShape]

_PICCOLO_TO_STORED = {"SERIAL": "INTEGER", "BIGSERIAL": "BIGINT"}
_PG_TYPES = {
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "text": "TEXT",
    "boolean": "BOOLEAN",
    "timestamp with time zone": "TIMESTAMPTZ",
    "double precision": "DOUBLE PRECISION",
}


def piccolo_shape(url: DatabaseURL) -> Shape:
    engine = SQLiteEngine(path=":unused:") if url.kind == "sqlite" else PostgresEngine(config={})
    bind_tables(engine)
    shape: Shape = {}
    for table in ALL_TABLES:
        columns = set()
        indexes: set[Index] = set()
        for col in table._meta.columns:
            kind = str(col.column_type).upper()
            columns.add(
                (col._meta.db_column_name, _PICCOLO_TO_STORED.get(kind, kind), bool(col._meta.null))
            )
            if col._meta.primary_key:
                continue
            if col._meta.unique:
                indexes.add(((col._meta.db_column_name,), True))
            if col._meta.index:
                indexes.add(((col._meta.db_column_name,), False))
        for constraint in table._meta.constraints:
            assert isinstance(constraint, Unique)
            indexes.add((tuple(constraint.get_column_names()), True))
        for members in COMPOSITE_INDEXES.get(table._meta.tablename, ()):
            indexes.add((members, False))
        shape[table._meta.tablename] = TableShape(frozenset(columns), frozenset(indexes))
    return shape


def sqlite_shape(url: DatabaseURL) -> Shape:
    conn = sqlite3.connect(str(url.sqlite_path))
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if r[0] not in {"alembic_version", "sqlite_sequence"}
        ]
        shape: Shape = {}
        for name in names:
            cols = {
                (r[1], r[2].upper(), not r[3] and not r[5])
                for r in conn.execute(f'PRAGMA table_info("{name}")')
            }
            idx = set()
            for _seq, iname, unique, origin, _partial in conn.execute(
                f'PRAGMA index_list("{name}")'
            ):
                if origin == "pk":
                    continue
                members = tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{iname}")'))
                idx.add((members, bool(unique)))
            shape[name] = TableShape(frozenset(cols), frozenset(idx))
        return shape
    finally:
        conn.close()


_PG_INDEXES = """
SELECT t.relname AS tbl, ix.indisunique AS uniq,
       array_agg(a.attname::text ORDER BY k.ord) AS cols
FROM pg_index ix
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
WHERE NOT ix.indisprimary
GROUP BY t.relname, ix.indexrelid, ix.indisunique
"""


async def postgres_shape(url: DatabaseURL) -> Shape:
    conn = await asyncpg.connect(url.raw)
    try:
        cols = await conn.fetch(
            "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable "
            "FROM information_schema.columns WHERE table_schema = 'public'"
        )
        idx = await conn.fetch(_PG_INDEXES)
    finally:
        await conn.close()
    columns: dict[str, set[Column]] = {}
    for r in cols:
        kind = (
            f"VARCHAR({r['character_maximum_length']})"
            if r["data_type"] == "character varying"
            else _PG_TYPES.get(r["data_type"], r["data_type"])
        )
        columns.setdefault(r["table_name"], set()).add(
            (r["column_name"], kind, r["is_nullable"] == "YES")
        )
    indexes: dict[str, set[Index]] = {}
    for r in idx:
        indexes.setdefault(r["tbl"], set()).add((tuple(r["cols"]), bool(r["uniq"])))
    columns.pop("alembic_version", None)
    return {
        t: TableShape(frozenset(c), frozenset(indexes.get(t, set()))) for t, c in columns.items()
    }


def diff(expected: Shape, actual: Shape) -> list[str]:
    """Human-readable differences; empty when the migrated schema matches the tables."""
    problems = [
        f"table {t} missing from migrations" for t in sorted(expected.keys() - actual.keys())
    ]
    problems += [
        f"table {t} not declared in Piccolo" for t in sorted(actual.keys() - expected.keys())
    ]
    for t in sorted(expected.keys() & actual.keys()):
        e, a = expected[t], actual[t]
        problems += [
            f"{t}: Piccolo declares column {c}, migrations do not"
            for c in sorted(e.columns - a.columns)
        ]
        problems += [
            f"{t}: migrations create column {c}, Piccolo does not"
            for c in sorted(a.columns - e.columns)
        ]
        problems += [
            f"{t}: Piccolo declares index {i}, migrations do not"
            for i in sorted(e.indexes - a.indexes)
        ]
        problems += [
            f"{t}: migrations create index {i}, Piccolo does not"
            for i in sorted(a.indexes - e.indexes)
        ]
    return problems
