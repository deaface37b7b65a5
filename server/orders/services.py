"""What the orders and waves slices share: the server's op author, its clock and the push.

Every change the office makes is an op the server authors on behalf of the signed-in user
(actor = their employee code) and ingests through the sync path, so devices see it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from server.sync.author import ServerAuthor
from server.sync.services import SyncService
from sync import Op


class PushFailedError(RuntimeError):
    """The sync log did not take a server-authored op (never the client's fault)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


class OrdersService:
    def __init__(self, sync: SyncService, now: Callable[[], datetime] = utcnow) -> None:
        self.sync = sync
        self.author = ServerAuthor()
        self.now = now
        # One office write at a time per process: "does it exist yet?" and the push that
        # creates it must not interleave (imports, wave starts, reprints).
        self.lock = asyncio.Lock()

    def op(self, kind: str, eid: str, payload: dict[str, Any], actor: str) -> Op:
        return self.author.op(kind, "order", eid, payload, actor=actor)

    async def push(self, ops: Sequence[Op], warehouse: int) -> int:
        """All or nothing: the ingest writes a batch in one transaction. Returns the cursor."""
        if not ops:
            return 0
        results, cursor = await self.sync.push(None, ops, warehouse)
        bad = [r for r in results if r.status not in ("accepted", "duplicate")]
        if bad:
            raise PushFailedError(f"sync log refused {bad[0].id}: {bad[0].reason}")
        return cursor
