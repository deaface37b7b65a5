from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from server import __version__


async def test_health_reports_version_database_and_schema(
    client: AsyncTestClient[Litestar], database_url: str
) -> None:
    r = await client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["database"]["kind"] == database_url.split(":")[0]
    assert body["database"]["reachable"] is True
    assert body["schema"] == {"current": "0008", "head": "0008", "up_to_date": True}


async def test_health_is_degraded_before_migration(sqlite_database: str, tmp_path: object) -> None:
    from server.app import create_app
    from server.settings import Settings

    app = create_app(Settings.from_env({}, database_url=sqlite_database))
    async with AsyncTestClient(app) as client:
        r = await client.get("/api/health")
    assert r.status_code == 503
    assert r.json()["schema"]["current"] is None


async def test_openapi_is_served(client: AsyncTestClient[Litestar]) -> None:
    r = await client.get("/schema/openapi.json")
    assert r.status_code == 200
    assert "/api/health" in r.json()["paths"]
