"""Bad push input is a clear 4xx, never a 500, and never loses the good ops beside it."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import Device, bearer, device_for, enroll
from support.wire import BOOTSTRAP, packed_push_body, push_envelope
from test_push import an_order, body

from sync import encode_json

Client = AsyncTestClient[Litestar]
JSON = {"content-type": "application/json"}


@pytest.fixture
async def dev(demo_client: Client) -> Device:
    return await device_for(demo_client, "K001")


# Refused while parsing, before any query: the database does not matter (SQLite only).
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "raw",
    [
        b'{"ops": [',
        b"not json at all",
        b'{"ops": [], "extra": 1}',
        b'{"ops": {}}',
        b"",
        b"[]",
        b'{"ops": [' + b"[" * 10_000 + b"]" * 10_000 + b"]}",
        b'{"ops": [' + b'{"a":' * 10_000 + b"1" + b"}" * 10_000 + b"]}",
        b'{"ops": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
        b'{"ops": [' + b"1," * 1000 + b"1]}",
    ],
    ids=[
        "truncated",
        "garbage",
        "unknown-field",
        "wrong-type",
        "empty",
        "not-a-map",
        "deep-op",
        "deep-map-op",
        "deep-envelope",
        "1001-ops",
    ],
)
async def test_malformed_json_is_400(demo_client: Client, dev: Device, raw: bytes) -> None:
    r = await demo_client.post("/api/sync/push", content=raw, headers={**dev.headers, **JSON})
    assert r.status_code == 400, r.text
    assert r.json()["detail"].startswith("malformed push body")


# Refused while parsing, before any query: the database does not matter (SQLite only).
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "raw",
    [
        b"\xc1",
        b"\x81\xa3ops\xc1",
        b"\x91" * 10_000 + b"\xc0",
        b"\x81\xa3ops\x91" + b"\x91" * 10_000 + b"\xc0",
        b"\x82\xa3ops\x90\xa5extra\x01",
        b"\x81\xa3ops\xc4\x01x",
        b"",
    ],
    ids=["reserved", "bad-ops", "deep", "deep-op", "unknown-field", "bin-ops", "empty"],
)
async def test_malformed_msgpack_is_400(demo_client: Client, dev: Device, raw: bytes) -> None:
    r = await demo_client.post(
        "/api/sync/push",
        content=raw,
        headers={**dev.headers, "content-type": "application/x-msgpack"},
    )
    assert r.status_code == 400, r.text
    assert r.json()["detail"].startswith("malformed push body")


async def test_a_bad_op_is_rejected_alone(demo_client: Client, dev: Device) -> None:
    order = await an_order(demo_client, dev)
    good = dev.op("pick.line_picked", order["eid"], {"sku": "6900000000009", "qty": 1})
    extra = (
        encode_json(dev.op("pick.line_picked", order["eid"], {"sku": "690", "qty": 1}))[:-1]
        + b',"admin":true}'
    )
    floaty = (
        b'{"device":"%s","seq":99,"wall":1,"ctr":0,"actor":"K001","kind":"x","etype":"order","eid":"e","payload":{"q":1.5}}'
        % dev.device_id.encode()
    )
    raw = push_envelope([encode_json(good), extra, floaty, b"1", b'"x"', b"null"])
    r = await demo_client.post("/api/sync/push", content=raw, headers={**dev.headers, **JSON})
    assert r.status_code == 200
    statuses = [(x["status"], x.get("reason")) for x in r.json()["results"]]
    assert statuses == [("accepted", None)] + [("rejected", "decode_error")] * 5
    # Kept for the office with the decoder's reason, like every rejection.
    manager = await device_for(demo_client, "M001")
    rejected = (await demo_client.get("/api/sync/rejected", headers=manager.headers)).json()
    assert sum(x["reason"] == "decode_error" for x in rejected) == 5


async def test_wrong_device_in_op_id_is_400(demo_client: Client, dev: Device) -> None:
    order = await an_order(demo_client, dev)
    forged = dev.op(
        "pick.line_picked", order["eid"], {"sku": "690", "qty": 1}, device="SOMEONE-ELSE"
    )
    r = await demo_client.post(
        "/api/sync/push", content=body([forged]), headers={**dev.headers, **JSON}
    )
    assert r.status_code == 400
    assert "SOMEONE-ELSE" in r.json()["detail"]


async def test_oversized_bodies_are_413(demo_client: Client, dev: Device) -> None:
    order = await an_order(demo_client, dev)
    huge = dev.op("pick.line_picked", order["eid"], {"sku": "6" * 70_000, "qty": 1})
    r = await demo_client.post(
        "/api/sync/push", content=body([huge]), headers={**dev.headers, **JSON}
    )
    assert r.status_code == 413
    packed = packed_push_body([huge])
    r = await demo_client.post(
        "/api/sync/push",
        content=packed,
        headers={**dev.headers, "content-type": "application/x-msgpack"},
    )
    assert r.status_code == 413
    # Nothing of it was stored.
    boot = (await demo_client.get(BOOTSTRAP, headers=dev.headers)).json()
    assert huge.id not in {f"{o['device']}:{o['seq']}" for o in boot["ops"]}


async def test_a_device_without_a_signed_in_user_may_not_sync(
    demo_client: Client, dev: Device
) -> None:
    device = await enroll(demo_client)
    token = bearer(device["token"])
    for method, path in [("POST", "/api/sync/push"), ("GET", "/api/sync/pull")]:
        r = await demo_client.request(method, path, headers={**token, **JSON}, content=b"{}")
        assert r.status_code == 401, (path, r.text)


# Refused while parsing, before any query: the database does not matter (SQLite only).
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "params",
    [{"cursor": "-1"}, {"cursor": "abc"}, {"limit": "0"}, {"limit": "5001"}],
)
async def test_bad_pull_parameters_are_400(
    demo_client: Client, dev: Device, params: dict[str, str]
) -> None:
    r = await demo_client.get("/api/sync/pull", params=params, headers=dev.headers)
    assert r.status_code == 400, r.text


@pytest.mark.parametrize("path", ["/api/sync/pull", "/api/sync/bootstrap", "/api/sync/stream"])
async def test_reads_need_a_token(demo_client: Client, path: str) -> None:
    assert (await demo_client.get(path)).status_code == 401
    r = await demo_client.get(path, params={"access_token": "pl_s_forged"})
    assert r.status_code == 401


async def test_no_token_and_revoked_device(demo_client: Client, dev: Device) -> None:
    order = await an_order(demo_client, dev)
    op = dev.op("pick.line_picked", order["eid"], {"sku": "690", "qty": 1})
    assert (
        await demo_client.post("/api/sync/push", content=body([op]), headers=JSON)
    ).status_code == 401
    assert (
        await demo_client.post(
            "/api/sync/push", content=body([op]), headers={**dev.headers, **JSON}
        )
    ).status_code == 200
    manager = await device_for(demo_client, "M001")
    await demo_client.post(f"/api/devices/{dev.device_id}/revoke", headers=manager.headers)
    late = dev.op("pick.line_picked", order["eid"], {"sku": "691", "qty": 1})
    assert (
        await demo_client.post(
            "/api/sync/push", content=body([late]), headers={**dev.headers, **JSON}
        )
    ).status_code == 401
    # What it synced before revocation stays.
    boot = (await demo_client.get(BOOTSTRAP, headers=manager.headers)).json()
    ids = {f"{o['device']}:{o['seq']}" for o in boot["ops"]}
    assert op.id in ids and late.id not in ids
