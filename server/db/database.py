"""The one database handle the app owns: engine, URL and lifecycle."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from piccolo.engine.postgres import PostgresEngine

from server.db.engine import AnyEngine, create_engine
from server.db.migrate import prepare_sqlite
from server.db.tables import bind_tables
from server.db.url import DatabaseURL, parse_database_url

if TYPE_CHECKING:
    from litestar import Litestar

    from server.settings import Settings


class Database:
    def __init__(self, settings: Settings) -> None:
        self.url: DatabaseURL = parse_database_url(settings.database_url)
        self.busy_timeout_ms = settings.sqlite_busy_timeout_ms
        self.engine: AnyEngine = create_engine(self.url, self.busy_timeout_ms)

    @property
    def kind(self) -> str:
        return self.url.kind

    def bind(self) -> None:
        bind_tables(self.engine)

    @asynccontextmanager
    async def lifespan(self, _app: Litestar) -> AsyncIterator[None]:
        self.bind()
        if self.url.kind == "sqlite":
            prepare_sqlite(self.url, self.busy_timeout_ms)
        if isinstance(self.engine, PostgresEngine):
            await self.engine.start_connection_pool(min_size=1, max_size=10)
        try:
            yield
        finally:
            if isinstance(self.engine, PostgresEngine):
                await self.engine.close_connection_pool()
