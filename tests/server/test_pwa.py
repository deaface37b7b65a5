"""The PWA is served with MIME types and cache headers that keep offline updates correct."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

# Static files never reach the database: SQLite only (each PostgreSQL case cost a database).
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.mark.parametrize(
    ("path", "mime", "cache"),
    [
        ("/", "text/html", "no-cache"),
        ("/sw.js", "text/javascript", "no-cache"),
        ("/manifest.webmanifest", "application/manifest+json", "no-cache"),
        ("/assets/index-abc123.js", "text/javascript", "immutable"),
        ("/assets/zxing_reader-abc123.wasm", "application/wasm", "immutable"),
    ],
)
async def test_files_have_mime_and_cache_headers(
    client: AsyncTestClient[Litestar], path: str, mime: str, cache: str
) -> None:
    r = await client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(mime)
    assert cache in r.headers["cache-control"]


async def test_app_routes_fall_back_to_the_shell(client: AsyncTestClient[Litestar]) -> None:
    r = await client.get("/home/picker")
    assert r.status_code == 200
    assert "app-shell" in r.text


@pytest.mark.parametrize("path", ["/missing.js", "/api/unknown", "/assets/../../../etc/passwd.txt"])
async def test_missing_files_and_api_paths_are_404(
    client: AsyncTestClient[Litestar], path: str
) -> None:
    r = await client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")


async def test_traversal_cannot_escape(client: AsyncTestClient[Litestar]) -> None:
    r = await client.get("/%2e%2e/%2e%2e/etc/passwd")
    assert "root:" not in r.text
