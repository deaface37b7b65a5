from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency

from server.health.schemas import Health
from server.health.services import HealthService


class HealthController(Controller):
    path = "/api/health"
    tags = ["health"]
    opt = {"exclude_from_auth": True}

    @get("/", summary="Version, database and schema state")
    async def health(self, health_service: NamedDependency[HealthService]) -> Response[Health]:
        body = await health_service.health()
        # 503 lets a load balancer take a process with a broken database out of rotation.
        return Response(body, status_code=200 if body.status == "ok" else 503)
