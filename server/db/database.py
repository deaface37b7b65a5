"""The one database handle the app owns: the Piccolo engine, the raw Connector, and their
lifecycle. The composition root (`server/app.py`) builds it once; services get it injected."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from piccolo.engine.postgres import PostgresEngine

from server.db._connector import Connector
from server.db.engine import AnyEngine, create_engine, is_reachable, schema_revision
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
        # Raw connections for the op log and per-request lookups (see server.db._connector).
        self.connector = Connector(self.url, self.busy_timeout_ms)

    @property
    def kind(self) -> str:
        return self.url.kind

    def bind(self) -> None:
        bind_tables(self.engine)

    async def reachable(self) -> bool:
        return await is_reachable(self.engine)

    async def revision(self) -> str | None:
        """The Alembic revision the database is at, or None before the first migration."""
        return await schema_revision(self.engine)

    @asynccontextmanager
    async def lifespan(self, _app: Litestar | None = None) -> AsyncIterator[None]:
        self.bind()
        if self.url.kind == "sqlite":
            prepare_sqlite(self.url, self.busy_timeout_ms)
        if isinstance(self.engine, PostgresEngine):
            await self.engine.start_connection_pool(min_size=1, max_size=10)
        try:
            await self.connector.start()
            try:
                yield
            finally:
                await self.connector.close()
        finally:
            if isinstance(self.engine, PostgresEngine):
                await self.engine.close_connection_pool()
