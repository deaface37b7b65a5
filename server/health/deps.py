"""Dependencies of the health slice (declared in `server.app.create_app`)."""

from __future__ import annotations

from litestar.di import NamedDependency

from server.db.database import Database
from server.health.services import HealthService


def provide_health_service(db: NamedDependency[Database]) -> HealthService:
    return HealthService(db)
