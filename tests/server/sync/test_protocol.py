"""The protocol version on the wire: an older (or newer) client gets 426 and a typed body on
push, pull and bootstrap, and nothing it sent is stored; a current client is answered with
the version in every body."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import Device, device_for
from support.wire import BOOTSTRAP, PROTOCOL, packed_push_body, push_body, push_envelope
from test_push import an_order

from sync import PROTOCOL_VERSION, encode_json

Client = AsyncTestClient[Litestar]
JSON = {"content-type": "application/json"}
MSGPACK = {"content-type": "application/x-msgpack"}
# No version at all (every client before the version went on the wire), the previous
# version (an app that missed the update), and one this server does not know yet.
OTHER_VERSIONS = [None, PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1]


def update_required(client: int | None) -> dict[str, Any]:
    return {
        "status_code": 426,
        "detail": "this app is out of date: update required",
        "extra": {"error": "protocol_version", "client": client, "supported": [PROTOCOL_VERSION]},
    }


@pytest.fixture
async def dev(demo_client: Client) -> Device:
    return await device_for(demo_client, "K001")


async def stored_ids(client: Client, dev: Device) -> set[str]:
    boot = (await client.get(BOOTSTRAP, headers=dev.headers)).json()
    return {f"{o['device']}:{o['seq']}" for o in boot["ops"]}


async def rejected_ids(client: Client) -> set[str]:
    manager = await device_for(client, "M001")
    return {
        r["op_id"] for r in (await client.get("/api/sync/rejected", headers=manager.headers)).json()
    }


@pytest.mark.parametrize("version", OTHER_VERSIONS, ids=["none", "older", "newer"])
@pytest.mark.parametrize("packed", [False, True], ids=["json", "msgpack"])
async def test_push_from_another_version_is_426_and_stores_nothing(
    demo_client: Client, dev: Device, version: int | None, packed: bool
) -> None:
    order = await an_order(demo_client, dev)
    good = dev.op("pick.line_picked", order["eid"], {"sku": "6900000000001", "qty": 1})
    forbidden = dev.op("stock.grant", "SH01:6900000000001", {"to": "K001", "qty": 5}, "stock")
    ops = [good, forbidden]
    body = (
        packed_push_body(ops, version)
        if packed
        else push_envelope([encode_json(o) for o in ops] + [b'"not an op"'], version)
    )
    r = await demo_client.post(
        "/api/sync/push", content=body, headers={**dev.headers, **(MSGPACK if packed else JSON)}
    )
    assert r.status_code == 426, r.text
    assert r.json() == update_required(version)
    assert not {good.id, forbidden.id} & await stored_ids(demo_client, dev)
    assert not {good.id, forbidden.id} & await rejected_ids(demo_client)
    # The same ops with the current version go through.
    r = await demo_client.post(
        "/api/sync/push", content=push_body(ops), headers={**dev.headers, **JSON}
    )
    assert r.status_code == 200, r.text
    assert good.id in await stored_ids(demo_client, dev)


async def test_an_older_envelope_that_does_not_decode_is_426_not_400(
    demo_client: Client, dev: Device
) -> None:
    """Whatever an older app's body looks like, it must hear "update required"."""
    old = PROTOCOL_VERSION - 1
    for raw, headers in [
        (b'{"protocol": %d, "ops": [], "batch": "v1-field"}' % old, JSON),
        (b'{"protocol": %d, "ops": {}}' % old, JSON),
        (msgspec.msgpack.encode({"protocol": old, "ops": [], "x": 1}), MSGPACK),
    ]:
        r = await demo_client.post(
            "/api/sync/push", content=raw, headers={**dev.headers, **headers}
        )
        assert r.status_code == 426, r.text
        assert r.json() == update_required(old)
    # A current client's malformed body is still its own fault: 400.
    r = await demo_client.post(
        "/api/sync/push",
        content=b'{"protocol": %d, "ops": {}}' % PROTOCOL_VERSION,
        headers={**dev.headers, **JSON},
    )
    assert r.status_code == 400, r.text


# The version gate answers before any query: SQLite only (pushes above run on both).
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("version", OTHER_VERSIONS, ids=["none", "older", "newer"])
@pytest.mark.parametrize("path", ["/api/sync/pull", "/api/sync/bootstrap"])
async def test_pull_and_bootstrap_from_another_version_are_426(
    demo_client: Client, dev: Device, path: str, version: int | None
) -> None:
    params = {} if version is None else {"protocol": version}
    r = await demo_client.get(path, params=params, headers=dev.headers)
    assert r.status_code == 426, r.text
    assert r.json() == update_required(version)


async def test_current_clients_get_the_version_in_every_answer(
    demo_client: Client, dev: Device
) -> None:
    order = await an_order(demo_client, dev)
    op = dev.op("pick.line_picked", order["eid"], {"sku": "6900000000001", "qty": 1})
    pushed = await demo_client.post(
        "/api/sync/push", content=push_body([op]), headers={**dev.headers, **JSON}
    )
    assert pushed.json()["protocol"] == PROTOCOL_VERSION
    cursor = pushed.json()["cursor"]
    pulled = await demo_client.get(
        "/api/sync/pull", params={**PROTOCOL, "cursor": cursor - 1}, headers=dev.headers
    )
    assert pulled.json()["protocol"] == PROTOCOL_VERSION
    assert [o["seq"] for o in pulled.json()["ops"]] == [op.seq]
    boot = await demo_client.get(BOOTSTRAP, headers=dev.headers)
    assert boot.json()["protocol"] == PROTOCOL_VERSION and boot.json()["cursor"] == cursor
    packed = {**dev.headers, **MSGPACK, "accept": "application/x-msgpack"}
    again = await demo_client.post("/api/sync/push", content=packed_push_body([op]), headers=packed)
    answer = msgspec.msgpack.decode(again.content)
    assert answer["protocol"] == PROTOCOL_VERSION
    assert answer["results"] == [{"id": op.id, "status": "duplicate"}]
