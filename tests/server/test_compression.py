from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient


async def test_large_responses_are_gzipped(client: AsyncTestClient[Litestar]) -> None:
    r = await client.get("/schema/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert r.json()["info"]["title"] == "Packline"


async def test_small_responses_and_plain_clients_are_not(
    client: AsyncTestClient[Litestar],
) -> None:
    r = await client.get("/api/health", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in r.headers
    r = await client.get("/schema/openapi.json", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in r.headers
    assert isinstance(r.json(), dict)
