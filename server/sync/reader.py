"""Pull and bootstrap: only the partitions the asking device and user may see."""

from __future__ import annotations

from dataclasses import dataclass

from server.db import Conn, Connector, oplog
from server.identity.principal import Principal
from server.roles import Role
from server.sync.privacy import for_principal

COMPACTED_THROUGH = "compacted_through_seq"


class CursorExpired(Exception):
    """The log was compacted past this cursor: the device must bootstrap again."""


@dataclass(frozen=True, slots=True)
class Page:
    ops: list[str]  # canonical JSON, in log order
    cursor: int
    more: bool


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A bootstrap: the partition's live ops and open exception records (JSON, as stored)
    and the cursor they are current to, all read in one snapshot."""

    ops: list[str]
    cursor: int
    exceptions: list[str]


def route_only(p: Principal) -> bool:
    """A courier without office roles reads only their own route (also on order routes)."""
    return Role.COURIER in p.roles and not p.has_any(Role.MANAGER)


def _partition(p: Principal, cursor: int) -> tuple[str, list[object]]:
    """WHERE clause for what this principal may read, as of a cursor."""
    if route_only(p):
        # Ops on route orders after the cursor, and the whole history of orders that
        # joined the route after it (so a newly assigned stop arrives complete).
        return (
            "warehouse = ? AND entity_type = 'order'"
            " AND entity_id IN (SELECT eid FROM courier_route WHERE warehouse = ? AND courier = ?)"
            " AND (seq > ? OR entity_id IN (SELECT eid FROM courier_route"
            " WHERE warehouse = ? AND courier = ? AND assigned_seq > ?))",
            [p.warehouse_id, p.warehouse_id, p.user_pk, cursor, p.warehouse_id, p.user_pk, cursor],
        )
    return "warehouse = ? AND seq > ?", [p.warehouse_id, cursor]


class Reader:
    def __init__(self, connector: Connector) -> None:
        self.connector = connector

    async def pull(self, p: Principal, cursor: int, limit: int) -> Page:
        async with self.connector.read() as conn:
            compacted, head = await oplog.meta_int_and_head(conn, COMPACTED_THROUGH)
            if cursor < compacted:
                raise CursorExpired
            where, args = _partition(p, cursor)
            rows = await conn.fetch(
                f"SELECT seq, op_json FROM op_log WHERE {where} ORDER BY seq LIMIT ?",
                [*args, limit + 1],
            )
        more = len(rows) > limit
        rows = rows[:limit]
        # With nothing more to send, jump to the head: rows outside the partition are skipped too.
        # Pages are in seq order, so the cursor only ever moves forward between pages.
        next_cursor = int(rows[-1][0]) if more else max(head, cursor)
        return Page(ops=for_principal(p, [r[1] for r in rows]), cursor=next_cursor, more=more)

    async def bootstrap(self, p: Principal) -> Snapshot:
        """The partition's live op set and the cursor it is current to, in one snapshot."""
        async with self.connector.read() as conn:
            head = await oplog.max_seq(conn)
            where, args = _partition(p, -1)
            rows = await conn.fetch(
                f"SELECT op_json FROM op_log WHERE {where} AND seq <= ? ORDER BY seq", [*args, head]
            )
            exceptions = await _open_exceptions(conn, p)
        return Snapshot(for_principal(p, [r[0] for r in rows]), head, exceptions)


async def _open_exceptions(conn: Conn, p: Principal) -> list[str]:
    """Open records in what the principal may read: a courier's only on their route orders."""
    sql = "SELECT record FROM sync_exception WHERE warehouse = ? AND resolved_at IS NULL"
    args: list[object] = [p.warehouse_id]
    if route_only(p):
        sql += (
            " AND etype = 'order' AND eid IN"
            " (SELECT eid FROM courier_route WHERE warehouse = ? AND courier = ?)"
        )
        args += [p.warehouse_id, p.user_pk]
    rows = await conn.fetch(sql + " ORDER BY id", args)
    return [r[0] for r in rows]
