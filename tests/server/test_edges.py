"""Bad input at the edge is a clear 4xx and never a 500."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in


@pytest.fixture
async def signed(demo_client: AsyncTestClient[Litestar]) -> AsyncTestClient[Litestar]:
    demo_client.headers.update(await sign_in(demo_client, "K001"))
    return demo_client


GOOD = {"level": "error", "message": "扫描枪断开 scanner lost", "occurred_at_ms": 1_790_000_000_000}


async def test_valid_report_is_accepted(signed: AsyncTestClient[Litestar]) -> None:
    r = await signed.post("/api/diagnostics/client-report", json=GOOD)
    assert r.status_code == 202
    assert r.json() == {"received": True}


async def test_unknown_field_is_rejected(signed: AsyncTestClient[Litestar]) -> None:
    r = await signed.post("/api/diagnostics/client-report", json={**GOOD, "is_admin": True})
    assert r.status_code == 400
    assert "is_admin" in r.text


async def test_wrong_type_is_rejected(signed: AsyncTestClient[Litestar]) -> None:
    r = await signed.post("/api/diagnostics/client-report", json={**GOOD, "occurred_at_ms": "soon"})
    assert r.status_code == 400
    assert "occurred_at_ms" in r.text


async def test_malformed_json_is_rejected(signed: AsyncTestClient[Litestar]) -> None:
    r = await signed.post(
        "/api/diagnostics/client-report",
        content=b'{"level": "error",',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 400


async def test_deep_nesting_is_rejected(signed: AsyncTestClient[Litestar]) -> None:
    body = (
        b'{"level": "error", "message": "x", "occurred_at_ms": 1, "stack": '
        + b"[" * 10_000
        + b"]" * 10_000
        + b"}"
    )
    r = await signed.post(
        "/api/diagnostics/client-report", content=body, headers={"content-type": "application/json"}
    )
    assert 400 <= r.status_code < 500


async def test_oversized_body_is_rejected(signed: AsyncTestClient[Litestar]) -> None:
    # The fixture caps bodies at 64 KiB.
    r = await signed.post("/api/diagnostics/client-report", json={**GOOD, "stack": "x" * 70_000})
    assert r.status_code == 413


async def test_bad_query_parameter_is_rejected(signed: AsyncTestClient[Litestar]) -> None:
    r = await signed.get("/api/overview", params={"warehouse": "'; DROP TABLE sku; --"})
    assert r.status_code == 400
