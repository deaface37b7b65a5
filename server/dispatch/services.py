"""Courier routes: which orders a courier carries, and so which orders their device reads."""

from __future__ import annotations

from datetime import UTC, datetime

from server.db import oplog, stamp
from server.push.payload import Topic
from server.push.services import PushService
from server.roles import Role, parse_roles
from server.sync.services import SyncService

_ORDER_SQL = "SELECT 1 FROM sync_entity WHERE etype = 'order' AND eid = ? AND warehouse = ?"
_COURIER_SQL = (
    'SELECT u.id, u.roles FROM app_user u JOIN user_warehouse m ON m."user" = u.id'
    " WHERE u.employee_code = ? AND m.warehouse = ?"
)

_MOVE_ROUTE = (
    "DELETE FROM courier_route WHERE warehouse = ? AND eid = ?",
    "INSERT INTO courier_route (warehouse, eid, courier, assigned_at, assigned_seq)"
    " VALUES (?, ?, ?, ?, ?)",
)


class NotAssignable(LookupError):
    """No such order or courier in this warehouse (one answer for both: no oracle)."""


class DispatchService:
    def __init__(self, sync: SyncService, push: PushService | None = None) -> None:
        self.sync = sync
        self.push = push

    async def assign(self, warehouse: int, eid: str, courier: str) -> None:
        """Put the order on the courier's route (off any other), in one transaction.

        The route row records `assigned_seq` = log head + 1, so even a device whose cursor
        is exactly the head gets the order's earlier history on its next pull (resent,
        idempotently, until the log moves). The log lock makes the head exact on PostgreSQL.
        """
        async with self.sync.connector.write() as conn:
            await oplog.lock_log(conn)
            order = await conn.fetch(_ORDER_SQL, [eid, warehouse])
            found = await conn.fetch(_COURIER_SQL, [courier, warehouse])
            if not order or not found or Role.COURIER not in parse_roles(found[0][1]):
                raise NotAssignable(eid, courier)
            seq = await oplog.max_seq(conn)
            delete, insert = _MOVE_ROUTE
            await conn.execute(delete, [warehouse, eid])
            await conn.execute(
                insert, [warehouse, eid, int(found[0][0]), stamp(conn, datetime.now(UTC)), seq + 1]
            )
        self.sync.poke(warehouse, seq)
        if self.push is not None:  # queued only: the worker sends, after this returns
            await self.push.notify(warehouse, Topic.NEW_ASSIGNMENT, eid, users=[int(found[0][0])])
