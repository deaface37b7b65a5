"""Issue 9 finding 12: push and import bodies are in the OpenAPI document, so fuzzers reach them."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient


async def test_push_and_import_bodies_are_documented(client: AsyncTestClient[Litestar]) -> None:
    doc = (await client.get("/schema/openapi.json")).json()
    push = doc["paths"]["/api/sync/push"]["post"]["requestBody"]["content"]
    assert set(push) == {"application/json", "application/x-msgpack"}
    body = push["application/json"]["schema"]
    assert body["required"] == ["ops", "protocol"]
    assert body["properties"]["ops"]["items"] == {"$ref": "#/components/schemas/Op"}
    assert "Op" in doc["components"]["schemas"]
    form = doc["paths"]["/api/orders/import"]["post"]["requestBody"]["content"]
    schema = form["multipart/form-data"]["schema"]
    assert schema["required"] == ["file"]
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}
    assert "taobao" in schema["properties"]["layout"]["enum"]
