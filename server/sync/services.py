"""The sync slice's service: push, pull, bootstrap, pokes and the office's queues.

Built once by the composition root (it keeps the per-process fold cache) and injected as
`sync_service`. The connections belong to `server.db`; this service owns the queries and
transactions of the op log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from litestar.channels import ChannelsPlugin

from server.db import Connector
from server.identity.principal import Principal
from server.sync.ingest import Ingestor, OpResult, Undecodable
from server.sync.notify import poke
from server.sync.reader import Page, Reader, Snapshot
from server.sync.schemas import RejectedOut
from sync import Op


class SyncService:
    def __init__(
        self,
        connector: Connector,
        channels: ChannelsPlugin | None = None,
        keepalive_s: float = 15.0,
    ) -> None:
        self.connector = connector
        self.channels = channels
        self.keepalive_s = keepalive_s
        self.ingestor = Ingestor(connector)
        self.reader = Reader(connector)
        # Called after commit with the newly accepted ops (Web Push schedules its
        # notifications here); a listener must return at once, never wait on I/O.
        self.listeners: list[Callable[[int, list[Op]], None]] = []

    async def push(
        self,
        principal: Principal | None,
        ops: Sequence[Op],
        warehouse: int,
        undecodable: Sequence[Undecodable] = (),
    ) -> tuple[list[OpResult], int]:
        results, cursor, _touched = await self.ingestor.push(principal, ops, warehouse, undecodable)
        # Poke only after commit, and only if something new landed.
        if any(r.status == "accepted" for r in results):
            self.poke(warehouse, cursor)
            if self.listeners:
                accepted = [
                    op for op, r in zip(ops, results, strict=False) if r.status == "accepted"
                ]
                for listener in self.listeners:
                    listener(warehouse, accepted)
        return results, cursor

    def poke(self, warehouse: int, cursor: int) -> None:
        """Tell the warehouse's connected devices that the log moved (a hint, never data)."""
        if self.channels is not None:
            poke(self.channels, warehouse, cursor)

    async def pull(self, principal: Principal, cursor: int, limit: int) -> Page:
        return await self.reader.pull(principal, cursor, limit)

    async def bootstrap(self, principal: Principal) -> Snapshot:
        return await self.reader.bootstrap(principal)

    async def rejected(self, warehouse: int) -> list[RejectedOut]:
        """Ops the server refused, with the reason, oldest first."""
        async with self.connector.read() as conn:
            rows = await conn.fetch(
                "SELECT op_id, device_id, actor, reason, detail, op_json, received_at"
                " FROM rejected_op WHERE warehouse = ? ORDER BY id",
                [warehouse],
            )
        return [
            RejectedOut(
                op_id=op_id,
                device_id=device_id,
                actor=actor,
                reason=reason,
                detail=detail,
                op_json=op_json,
                received_at=_iso(received_at),
            )
            for op_id, device_id, actor, reason, detail, op_json, received_at in rows
        ]


def _iso(value: Any) -> str:
    """received_at as ISO 8601: a datetime from asyncpg, Piccolo's stored text on SQLite."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).isoformat()
    return str(value.isoformat())
