"""Findings 7 and 8 of issue 9: invalid UTF-8 and out-of-range integers are 400s, never 500s."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in
from support.wire import PROTOCOL

from sync import PROTOCOL_VERSION

Client = AsyncTestClient[Litestar]
JSON = {"content-type": "application/json"}
MSGPACK = {"content-type": "application/x-msgpack"}


@pytest.fixture
async def manager(demo_client: Client) -> Client:
    demo_client.headers.update(await sign_in(demo_client, "M001"))
    return demo_client


async def test_invalid_utf8_on_an_unauthenticated_route_is_400(demo_client: Client) -> None:
    r = await demo_client.post("/api/devices/claim", content=b'{"code": "\xff\xfe"}', headers=JSON)
    assert r.status_code == 400, r.text
    assert "UTF-8" in r.json()["detail"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/auth/login", b'{"employee_code": "\xc3\x28", "pin": "1234"}'),
        ("/api/diagnostics/client-report", b'{"level": "error", "message": "\xed\xa0\x80"}'),
        ("/api/orders", b'{"platform": "\x80"}'),
    ],
)
async def test_invalid_utf8_in_a_json_body_is_400(manager: Client, path: str, body: bytes) -> None:
    r = await manager.post(path, content=body, headers=JSON)
    assert r.status_code == 400, r.text


async def test_invalid_utf8_in_a_msgpack_envelope_is_400(manager: Client) -> None:
    # {"protocol": N, "o\xffs": []}: a map key that is not UTF-8
    body = b"\x82\xa8protocol" + bytes([PROTOCOL_VERSION]) + b"\xa3o\xffs\x90"
    r = await manager.post("/api/sync/push", content=body, headers=MSGPACK)
    assert r.status_code == 400, r.text
    assert r.json()["detail"].startswith("malformed push body")


async def test_invalid_utf8_inside_one_packed_op_rejects_that_op_only(manager: Client) -> None:
    body = b"\x82\xa8protocol" + bytes([PROTOCOL_VERSION]) + b"\xa3ops\x91\xa2\xff\xfe"
    r = await manager.post("/api/sync/push", content=body, headers=MSGPACK)
    assert r.status_code == 200, r.text


async def test_invalid_utf8_inside_one_op_rejects_that_op_only(manager: Client) -> None:
    body = b'{"protocol": %d, "ops": [{"id": "\xff"}]}' % PROTOCOL_VERSION
    r = await manager.post("/api/sync/push", content=body, headers=JSON)
    assert r.status_code == 200, r.text
    assert [x["reason"] for x in r.json()["results"]] == ["decode_error"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/sync/pull?cursor=9223372036854775808",
        "/api/sync/pull?cursor=9007199254740992",
        "/api/sync/pull?cursor=-1",
        "/api/orders/imports/116849255747236233216/errors.csv",
        "/api/orders/imports/2147483648/errors.csv",
        "/api/orders/imports/0/errors.csv",
    ],
)
async def test_out_of_range_integers_are_400(manager: Client, path: str) -> None:
    sep = "&" if "?" in path else "?"
    r = await manager.get(f"{path}{sep}protocol={PROTOCOL['protocol']}")
    assert r.status_code == 400, r.text


async def test_the_largest_import_id_is_a_plain_404(manager: Client) -> None:
    r = await manager.get(f"/api/orders/imports/{2**31 - 1}/errors.csv")
    assert r.status_code == 404, r.text


def test_integer_bounds_are_in_the_openapi_document(app: Litestar) -> None:
    doc = app.openapi_schema.to_schema()
    pull = doc["paths"]["/api/sync/pull"]["get"]["parameters"]
    cursor = next(p for p in pull if p["name"] == "cursor")["schema"]
    assert cursor["maximum"] == 2**53 - 1
    errors = doc["paths"]["/api/orders/imports/{import_id}/errors.csv"]["get"]["parameters"]
    import_id = next(p for p in errors if p["name"] == "import_id")["schema"]
    assert (import_id["minimum"], import_id["maximum"]) == (1, 2**31 - 1)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-12-31"])
async def test_a_work_log_day_out_of_range_is_400(manager: Client, day: str) -> None:
    # Found by Schemathesis: 9999-12-31 has no next midnight (OverflowError, a 500).
    r = await manager.get("/api/worklog", params={"day": day})
    assert r.status_code == 400, r.text
    assert "day must be from" in r.json()["detail"]
