from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency

from server import __version__
from server.db.database import Database
from server.db.engine import is_reachable, schema_revision
from server.db.migrate import head_revision
from server.health.schemas import DatabaseState, Health, SchemaState


class HealthController(Controller):
    path = "/api/health"
    tags = ["health"]
    opt = {"exclude_from_auth": True}

    @get("/", summary="Version, database and schema state")
    async def health(self, db: NamedDependency[Database]) -> Response[Health]:
        reachable = await is_reachable(db.engine)
        current = await schema_revision(db.engine) if reachable else None
        head = head_revision()
        ok = reachable and current == head
        body = Health(
            status="ok" if ok else "degraded",
            version=__version__,
            database=DatabaseState(kind=db.kind, reachable=reachable, url=db.url.redacted()),
            schema=SchemaState(current=current, head=head, up_to_date=current == head),
        )
        # 503 lets a load balancer take a process with a broken database out of rotation.
        return Response(body, status_code=200 if ok else 503)
