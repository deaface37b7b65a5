"""SQL over the op log and derived tables, portable between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from server.sync.conn import Conn, Row

# Order states compaction may archive: nothing moves an order out of them.
TERMINAL = ("delivered", "cancelled")

INSERT_OP = (
    "INSERT INTO op_log (op_id, device_id, counter, hlc, actor, warehouse, entity_type,"
    " entity_id, kind, wall, ctr, op_json, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
INSERT_REJECTED = (
    "INSERT INTO rejected_op (op_id, device_id, warehouse, actor, reason, detail, op_json,"
    " received_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (op_id, reason) DO NOTHING"
)
UPSERT_ENTITY = (
    "INSERT INTO sync_entity (warehouse, etype, eid, state, status, last_seq) VALUES (?,?,?,?,?,?)"
    " ON CONFLICT (etype, eid) DO UPDATE SET state = excluded.state, status = excluded.status,"
    " last_seq = excluded.last_seq"
)
INSERT_EXCEPTION = (
    "INSERT INTO sync_exception (exception_id, warehouse, kind, etype, eid, record, first_seq,"
    " created_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (exception_id) DO NOTHING"
)


def member(conn: Conn, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """`column IN (...)`: one array parameter on PostgreSQL, so there is one prepared
    statement per query instead of one per list length (asyncpg caches 100)."""
    if conn.kind == "postgresql":
        return f"{column} = ANY(?)", [list(values)]
    return f"{column} IN ({','.join('?' * len(values))})", list(values)


def chunks(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


async def fetch_in(
    conn: Conn, sql: str, args: Sequence[Any], column: str, values: Sequence[Any]
) -> list[Row]:
    """Run `sql` (ending in WHERE ...) with `AND column IN values` added, in chunks."""
    out: list[Row] = []
    for part in chunks(values):
        clause, more = member(conn, column, part)
        out += await conn.fetch(f"{sql} AND {clause}", [*args, *more])
    return out


async def existing_ops(conn: Conn, op_ids: Sequence[str]) -> dict[str, str]:
    rows = await fetch_in(
        conn, "SELECT op_id, op_json FROM op_log WHERE 1 = 1", [], "op_id", op_ids
    )
    return {r[0]: r[1] for r in rows}


async def entity_warehouses(
    conn: Conn, etype: str, eids: Sequence[str]
) -> dict[str, tuple[int, str]]:
    """eid -> (warehouse, status) of the entities that exist."""
    sql = "SELECT eid, warehouse, status FROM sync_entity WHERE etype = ?"
    return {r[0]: (int(r[1]), r[2]) for r in await fetch_in(conn, sql, [etype], "eid", eids)}


async def compacted(conn: Conn, etype: str, eids: Sequence[str]) -> set[str]:
    """Those of these existing entities whose ops compaction deleted (none left in the log)."""
    sql = "SELECT DISTINCT entity_id FROM op_log WHERE entity_type = ?"
    live = {r[0] for r in await fetch_in(conn, sql, [etype], "entity_id", eids)}
    return set(eids) - live


async def op_warehouses(conn: Conn, op_ids: Sequence[str]) -> dict[str, tuple[int, str, str]]:
    """op id -> (warehouse, etype, eid), for releases that name another op."""
    sql = "SELECT op_id, warehouse, entity_type, entity_id FROM op_log WHERE 1 = 1"
    rows = await fetch_in(conn, sql, [], "op_id", op_ids)
    return {r[0]: (int(r[1]), r[2], r[3]) for r in rows}


async def on_route(conn: Conn, courier_pk: int, eids: Sequence[str]) -> set[str]:
    sql = "SELECT eid FROM courier_route WHERE courier = ?"
    return {r[0] for r in await fetch_in(conn, sql, [courier_pk], "eid", eids)}


async def entities_ops(conn: Conn, etype: str, eids: Sequence[str], since: int) -> list[Row]:
    """(eid, seq, op_id, op_json) of these entities' ops after log seq `since`."""
    sql = "SELECT entity_id, seq, op_id, op_json FROM op_log WHERE entity_type = ? AND seq > ?"
    rows = await fetch_in(conn, sql, [etype, since], "entity_id", eids)
    return sorted(rows, key=lambda r: int(r[1]))


async def releases_of(conn: Conn, op_ids: Sequence[str]) -> list[Row]:
    """(released op id, op_id, op_json) of the `sync.release` ops naming any of these ops."""
    sql = "SELECT entity_id, op_id, op_json FROM op_log WHERE entity_type = 'sync'"
    return await fetch_in(conn, sql, [], "entity_id", op_ids)


async def unresolved_exceptions(conn: Conn, etype: str, eids: Sequence[str]) -> set[Row]:
    """(eid, exception_id) of the open exceptions of these entities."""
    sql = "SELECT eid, exception_id FROM sync_exception WHERE etype = ? AND resolved_at IS NULL"
    return set(await fetch_in(conn, sql, [etype], "eid", eids))


async def resolve_exceptions(conn: Conn, ids: Sequence[str], now: datetime) -> None:
    await conn.executemany(
        "UPDATE sync_exception SET resolved_at = ? WHERE exception_id = ?", [(now, i) for i in ids]
    )


async def max_seq(conn: Conn) -> int:
    rows = await conn.fetch("SELECT COALESCE(MAX(seq), 0) FROM op_log")
    return int(rows[0][0])


async def meta_int(conn: Conn, key: str) -> int:
    rows = await conn.fetch("SELECT value FROM sync_meta WHERE key = ?", [key])
    return int(rows[0][0]) if rows else 0


async def set_meta(conn: Conn, key: str, value: str) -> None:
    await conn.execute(
        "INSERT INTO sync_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
