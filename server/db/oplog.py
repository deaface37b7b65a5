"""SQL over the op log and the tables derived from it (entity state, exception records,
rejections, courier routes, sync meta), portable between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from server.db._sql import Conn, Row, fetch_in

# PostgreSQL: taken by every push and by compaction, so commit order = seq order and no
# push interleaves with a compaction.
LOG_LOCK = "SELECT pg_advisory_xact_lock(7283001)"

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
    " ON CONFLICT (warehouse, etype, eid) DO UPDATE SET state = excluded.state,"
    " status = excluded.status,"
    " last_seq = excluded.last_seq"
)
# PostgreSQL: the same upsert as one statement over arrays. A pipelined executemany still
# plans and runs a statement per row there (about twice the time for 100 rows).
UPSERT_ENTITY_ARRAYS = (
    "INSERT INTO sync_entity (warehouse, etype, eid, state, status, last_seq)"
    " SELECT * FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])"
    " ON CONFLICT (warehouse, etype, eid) DO UPDATE SET state = excluded.state,"
    " status = excluded.status,"
    " last_seq = excluded.last_seq"
)
INSERT_EXCEPTION = (
    "INSERT INTO sync_exception (exception_id, warehouse, kind, etype, eid, record, first_seq,"
    " created_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (exception_id) DO NOTHING"
)


async def lock_log(conn: Conn) -> None:
    """Serialise with every other writer of the log, for this transaction. On SQLite the
    write transaction (BEGIN IMMEDIATE) already does; PostgreSQL takes `LOG_LOCK`."""
    if conn.kind == "postgresql":
        await conn.execute(LOG_LOCK)


async def existing_ops(conn: Conn, op_ids: Sequence[str]) -> dict[str, str]:
    rows = await fetch_in(
        conn, "SELECT op_id, op_json FROM op_log WHERE 1 = 1", [], "op_id", op_ids
    )
    return {r[0]: r[1] for r in rows}


async def entity_warehouses(
    conn: Conn, warehouse: int, etype: str, eids: Sequence[str]
) -> dict[str, tuple[int, str]]:
    """eid -> (warehouse, status) of the entities that exist in this warehouse.

    Entity ids are unique per warehouse only (alembic 0007): another warehouse's entity
    with the same id is not this warehouse's business, and is not returned.
    """
    sql = "SELECT eid, warehouse, status FROM sync_entity WHERE warehouse = ? AND etype = ?"
    rows = await fetch_in(conn, sql, [warehouse, etype], "eid", eids)
    return {r[0]: (int(r[1]), r[2]) for r in rows}


async def compacted(conn: Conn, warehouse: int, etype: str, eids: Sequence[str]) -> set[str]:
    """Those of these existing entities whose ops compaction deleted (none left in the log)."""
    sql = "SELECT DISTINCT entity_id FROM op_log WHERE warehouse = ? AND entity_type = ?"
    live = {r[0] for r in await fetch_in(conn, sql, [warehouse, etype], "entity_id", eids)}
    return set(eids) - live


async def op_warehouses(conn: Conn, op_ids: Sequence[str]) -> dict[str, tuple[int, str, str]]:
    """op id -> (warehouse, etype, eid), for releases that name another op."""
    sql = "SELECT op_id, warehouse, entity_type, entity_id FROM op_log WHERE 1 = 1"
    rows = await fetch_in(conn, sql, [], "op_id", op_ids)
    return {r[0]: (int(r[1]), r[2], r[3]) for r in rows}


async def known_exceptions(conn: Conn, warehouse: int, ids: Sequence[str]) -> set[str]:
    """Which of these exception ids the server derived for this warehouse (open or not)."""
    sql = "SELECT exception_id FROM sync_exception WHERE warehouse = ?"
    return {r[0] for r in await fetch_in(conn, sql, [warehouse], "exception_id", ids)}


async def resolve_at_desk(
    conn: Conn, warehouse: int, ids: Sequence[str], now: datetime | str
) -> None:
    """Resolved at the exception desk: out of the open queue (a re-derivation keeps it so)."""
    await conn.executemany(
        "UPDATE sync_exception SET resolved_at = ?"
        " WHERE exception_id = ? AND warehouse = ? AND resolved_at IS NULL",
        [(now, i, warehouse) for i in ids],
    )


async def on_route(conn: Conn, warehouse: int, courier_pk: int, eids: Sequence[str]) -> set[str]:
    sql = "SELECT eid FROM courier_route WHERE warehouse = ? AND courier = ?"
    return {r[0] for r in await fetch_in(conn, sql, [warehouse, courier_pk], "eid", eids)}


async def entities_ops(
    conn: Conn, warehouse: int, etype: str, eids: Sequence[str], since: int, until: int
) -> list[Row]:
    """(eid, seq, op_json) of these entities' ops in log seqs (`since`, `until`].

    `until` is not a WHERE bound: with both bounds PostgreSQL's planner (its statistics
    lag the log head) takes the seq range for a handful of rows and scans it by seq,
    thousands of rows, instead of looking the entities up by entity_id. Rows after it come
    without their JSON and are dropped here.
    """
    sql = (
        "SELECT entity_id, seq, CASE WHEN seq <= ? THEN op_json END FROM op_log"
        " WHERE warehouse = ? AND entity_type = ? AND seq > ?"
    )
    rows = await fetch_in(conn, sql, [until, warehouse, etype, since], "entity_id", eids)
    rows = [r for r in rows if r[1] <= until]
    return sorted(rows, key=lambda r: int(r[1]))


async def releases_of(conn: Conn, op_ids: Sequence[str]) -> list[Row]:
    """(released op id, op_id, op_json) of the `sync.release` ops naming any of these ops."""
    sql = "SELECT entity_id, op_id, op_json FROM op_log WHERE entity_type = 'sync'"
    return await fetch_in(conn, sql, [], "entity_id", op_ids)


async def releases_into(
    conn: Conn, warehouse: int, etype: str, eids: Sequence[str], since: int
) -> list[Row]:
    """(eid, op_id, op_json) of the `sync.release` ops after log seq `since` that name an op
    of one of these entities (eid: the released op's entity). A released op folds at its
    release's clock (protocol §3), so a fold from the log needs them as well as its ops."""
    sql = (
        "SELECT t.entity_id, r.op_id, r.op_json FROM op_log r JOIN op_log t"
        " ON t.op_id = r.entity_id WHERE r.entity_type = 'sync' AND r.seq > ?"
        " AND t.warehouse = ? AND t.entity_type = ?"
    )
    return await fetch_in(conn, sql, [since, warehouse, etype], "t.entity_id", eids)


async def unresolved_exceptions(
    conn: Conn, warehouse: int, etype: str, eids: Sequence[str]
) -> set[Row]:
    """(eid, exception_id) of the open exceptions of these entities."""
    sql = (
        "SELECT eid, exception_id FROM sync_exception"
        " WHERE warehouse = ? AND etype = ? AND resolved_at IS NULL"
    )
    return set(await fetch_in(conn, sql, [warehouse, etype], "eid", eids))


async def upsert_entities(conn: Conn, rows: Sequence[Row]) -> None:
    """(warehouse, etype, eid, state, status, last_seq) rows, one per entity."""
    if conn.kind == "postgresql" and rows:
        columns = [list(column) for column in zip(*rows, strict=True)]
        await conn.execute(UPSERT_ENTITY_ARRAYS, columns)
    else:
        await conn.executemany(UPSERT_ENTITY, rows)


async def resolve_exceptions(conn: Conn, ids: Sequence[str], now: datetime | str) -> None:
    await conn.executemany(
        "UPDATE sync_exception SET resolved_at = ? WHERE exception_id = ?", [(now, i) for i in ids]
    )


async def max_seq(conn: Conn) -> int:
    rows = await conn.fetch("SELECT COALESCE(MAX(seq), 0) FROM op_log")
    return int(rows[0][0])


async def meta_int(conn: Conn, key: str) -> int:
    rows = await conn.fetch("SELECT value FROM sync_meta WHERE key = ?", [key])
    return int(rows[0][0]) if rows else 0


async def meta_int_and_head(conn: Conn, key: str) -> tuple[int, int]:
    """`meta_int` and `max_seq` in one statement: each is a round trip to a reader's thread
    on SQLite, and a pull needs both."""
    rows = await conn.fetch(
        "SELECT (SELECT value FROM sync_meta WHERE key = ?), (SELECT COALESCE(MAX(seq), 0)"
        " FROM op_log)",
        [key],
    )
    value, head = rows[0]
    return int(value or 0), int(head)


async def set_meta(conn: Conn, key: str, value: str) -> None:
    await conn.execute(
        "INSERT INTO sync_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
