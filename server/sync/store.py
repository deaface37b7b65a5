"""SQL over the op log and derived tables, portable between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from server.sync.conn import Conn

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


def _in(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def chunks(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


async def existing_ops(conn: Conn, op_ids: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in chunks(op_ids):
        rows = await conn.fetch(
            f"SELECT op_id, op_json FROM op_log WHERE op_id IN ({_in(part)})", part
        )
        found.update({r[0]: r[1] for r in rows})
    return found


async def entity_warehouses(conn: Conn, etype: str, eids: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in chunks(eids):
        rows = await conn.fetch(
            f"SELECT eid, warehouse FROM sync_entity WHERE etype = ? AND eid IN ({_in(part)})",
            [etype, *part],
        )
        found.update({r[0]: int(r[1]) for r in rows})
    return found


async def op_warehouses(conn: Conn, op_ids: Sequence[str]) -> dict[str, tuple[int, str, str]]:
    """op id -> (warehouse, etype, eid), for releases that name another op."""
    found: dict[str, tuple[int, str, str]] = {}
    for part in chunks(op_ids):
        rows = await conn.fetch(
            "SELECT op_id, warehouse, entity_type, entity_id FROM op_log"
            f" WHERE op_id IN ({_in(part)})",
            part,
        )
        found.update({r[0]: (int(r[1]), r[2], r[3]) for r in rows})
    return found


async def on_route(conn: Conn, courier_pk: int, eids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for part in chunks(eids):
        rows = await conn.fetch(
            f"SELECT eid FROM courier_route WHERE courier = ? AND eid IN ({_in(part)})",
            [courier_pk, *part],
        )
        found.update(r[0] for r in rows)
    return found


async def entity_ops(conn: Conn, etype: str, eid: str) -> list[str]:
    """Every op of one entity, plus releases naming any of them, as canonical JSON."""
    rows = await conn.fetch(
        "SELECT op_id, op_json FROM op_log WHERE entity_type = ? AND entity_id = ?", [etype, eid]
    )
    ids = [r[0] for r in rows]
    out = [r[1] for r in rows]
    for part in chunks(ids):
        rel = await conn.fetch(
            f"SELECT op_json FROM op_log WHERE entity_type = 'sync' AND entity_id IN ({_in(part)})",
            part,
        )
        out.extend(r[0] for r in rel)
    return out


async def unresolved_exceptions(conn: Conn, etype: str, eid: str) -> set[str]:
    rows = await conn.fetch(
        "SELECT exception_id FROM sync_exception"
        " WHERE etype = ? AND eid = ? AND resolved_at IS NULL",
        [etype, eid],
    )
    return {r[0] for r in rows}


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
