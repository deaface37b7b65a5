"""Bad push input is a clear 4xx, never a 500, and never loses the good ops beside it."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import Device, device_for
from test_push import an_order, body

from sync import encode_json

Client = AsyncTestClient[Litestar]
JSON = {"content-type": "application/json"}


@pytest.fixture
async def dev(demo_client: Client) -> Device:
    return await device_for(demo_client, "K001")


@pytest.mark.parametrize(
    "raw",
    [
        b'{"ops": [',
        b"not json at all",
        b'{"ops": [], "extra": 1}',
        b'{"ops": {}}',
        b'{"ops": [' + b"[" * 10_000 + b"]" * 10_000 + b"]}",
        b'{"ops": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
    ],
    ids=["truncated", "garbage", "unknown-field", "wrong-type", "deep-op", "deep-envelope"],
)
async def test_malformed_json_is_400(demo_client: Client, dev: Device, raw: bytes) -> None:
    r = await demo_client.post("/api/sync/push", content=raw, headers={**dev.headers, **JSON})
    if r.status_code == 200:
        # The envelope was fine and the one bad op was rejected on its own.
        assert r.json()["results"][0]["reason"] == "decode_error"
    else:
        assert r.status_code == 400, r.text
        assert r.json()["detail"]


@pytest.mark.parametrize(
    "raw",
    [b"\xc1", b"\x81\xa3ops\xc1", b"\x91" * 10_000 + b"\xc0"],
    ids=["reserved", "bad-ops", "deep"],
)
async def test_malformed_msgpack_is_400(demo_client: Client, dev: Device, raw: bytes) -> None:
    r = await demo_client.post(
        "/api/sync/push",
        content=raw,
        headers={**dev.headers, "content-type": "application/x-msgpack"},
    )
    assert r.status_code == 400, r.text


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
    raw = b'{"ops":[' + encode_json(good) + b"," + extra + b"," + floaty + b"]}"
    r = await demo_client.post("/api/sync/push", content=raw, headers={**dev.headers, **JSON})
    assert r.status_code == 200
    statuses = [(x["status"], x.get("reason")) for x in r.json()["results"]]
    assert statuses == [
        ("accepted", None),
        ("rejected", "decode_error"),
        ("rejected", "decode_error"),
    ]


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


async def test_oversized_and_too_many_ops(demo_client: Client, dev: Device) -> None:
    order = await an_order(demo_client, dev)
    many = [dev.op("pick.line_picked", order["eid"], {"sku": "690", "qty": 1}) for _ in range(1001)]
    r = await demo_client.post(
        "/api/sync/push", content=body(many[:1001]), headers={**dev.headers, **JSON}
    )
    assert r.status_code in (400, 413)
    huge = dev.op("pick.line_picked", order["eid"], {"sku": "6" * 70_000, "qty": 1})
    r = await demo_client.post(
        "/api/sync/push", content=body([huge]), headers={**dev.headers, **JSON}
    )
    assert r.status_code == 413


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
    boot = (await demo_client.get("/api/sync/bootstrap", headers=manager.headers)).json()
    ids = {f"{o['device']}:{o['seq']}" for o in boot["ops"]}
    assert op.id in ids and late.id not in ids
