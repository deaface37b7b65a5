"""The sync service object the app owns: connections, ingest, reads and pokes together."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.channels import ChannelsPlugin

from server.db import Connector
from server.db.url import DatabaseURL
from server.identity.principal import Principal
from server.sync.ingest import Ingestor, OpResult, Undecodable
from server.sync.notify import poke
from server.sync.reader import Reader
from sync import Op


class SyncService:
    def __init__(self, url: DatabaseURL, busy_timeout_ms: int, keepalive_s: float = 15.0) -> None:
        self.keepalive_s = keepalive_s
        self.connector = Connector(url, busy_timeout_ms)
        self.ingestor = Ingestor(self.connector)
        self.reader = Reader(self.connector)
        self.channels: ChannelsPlugin | None = None

    @asynccontextmanager
    async def lifespan(self, app: Litestar) -> AsyncIterator[None]:
        self.channels = app.plugins.get(ChannelsPlugin)
        await self.connector.start()
        try:
            yield
        finally:
            await self.connector.close()

    async def push(
        self,
        principal: Principal | None,
        ops: Sequence[Op],
        warehouse: int,
        undecodable: Sequence[Undecodable] = (),
    ) -> tuple[list[OpResult], int]:
        results, cursor, _touched = await self.ingestor.push(principal, ops, warehouse, undecodable)
        # Poke only after commit, and only if something new landed.
        if self.channels is not None and any(r.status == "accepted" for r in results):
            poke(self.channels, warehouse, cursor)
        return results, cursor
