"""Liveness and readiness: is the database reachable, and is its schema the code's?"""

from __future__ import annotations

from server import __version__
from server.db.database import Database
from server.db.migrate import head_revision
from server.health.schemas import DatabaseState, Health, SchemaState


class HealthService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def health(self) -> Health:
        reachable = await self.db.reachable()
        current = await self.db.revision() if reachable else None
        head = head_revision()
        ok = reachable and current == head
        return Health(
            status="ok" if ok else "degraded",
            version=__version__,
            database=DatabaseState(
                kind=self.db.kind, reachable=reachable, url=self.db.url.redacted()
            ),
            schema=SchemaState(current=current, head=head, up_to_date=current == head),
        )
