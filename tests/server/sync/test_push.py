"""Push over HTTP: exactly-once, acknowledged after commit, every op authorised."""

from __future__ import annotations

import json
from typing import Any

import msgspec
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import Device, device_for
from support.exceptions import open_exceptions
from support.wire import BOOTSTRAP, PROTOCOL, packed_push_body, push_body

from sync import Op

Client = AsyncTestClient[Litestar]
SHIPPED_EID_PREFIX = ""


def body(ops: list[Op]) -> bytes:
    return push_body(ops)


async def push(client: Client, dev: Device, ops: list[Op]) -> dict[str, Any]:
    r = await client.post(
        "/api/sync/push",
        content=body(ops),
        headers={**dev.headers, "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


async def an_order(client: Client, dev: Device, status: str = "created") -> dict[str, Any]:
    r = await client.get(BOOTSTRAP, headers=dev.headers)
    ops = [o for o in r.json()["ops"] if o["kind"] == "order.create"]
    labelled = {o["eid"]: o for o in r.json()["ops"] if o["kind"] == "label.print"}
    shipped = {o["eid"] for o in r.json()["ops"] if o["kind"] == "parcel.scan_out"}
    held = {o["eid"] for o in r.json()["ops"] if o["kind"] == "order.hold"}
    for o in ops:
        eid = o["eid"]
        if status == "printed" and eid in labelled and eid not in shipped and eid not in held:
            return {"eid": eid, "tracking": labelled[eid]["payload"]["tracking"]}
        if status == "created" and eid not in labelled and eid not in held:
            return {"eid": eid}
    raise AssertionError("no such order in the demo data")


async def test_retries_reorders_and_overlaps_change_nothing_twice(demo_client: Client) -> None:
    dev = await device_for(demo_client, "K001")
    order = await an_order(demo_client, dev)
    sku = "6900000000000"
    ops = [dev.op("pick.line_picked", order["eid"], {"sku": sku, "qty": 1}) for _ in range(4)]
    first = await push(demo_client, dev, ops[:2])
    assert [r["status"] for r in first["results"]] == ["accepted", "accepted"]
    again = await push(demo_client, dev, list(reversed(ops[:2])))
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    overlap = await push(demo_client, dev, [ops[3], ops[1], ops[2]])
    assert [r["status"] for r in overlap["results"]] == ["accepted", "duplicate", "accepted"]
    assert overlap["cursor"] > first["cursor"]
    pulled = (
        await demo_client.get(
            "/api/sync/pull",
            params={**PROTOCOL, "cursor": first["cursor"] - 2},
            headers=dev.headers,
        )
    ).json()
    mine = [o for o in pulled["ops"] if o["device"] == dev.device_id]
    assert sorted(o["seq"] for o in mine) == [1, 2, 3, 4]


async def test_msgpack_push_and_pull(demo_client: Client) -> None:
    dev = await device_for(demo_client, "K001")
    order = await an_order(demo_client, dev)
    op = dev.op("pick.line_picked", order["eid"], {"sku": "6900000000001", "qty": 2})
    payload = packed_push_body([op])
    headers = {
        **dev.headers,
        "content-type": "application/x-msgpack",
        "accept": "application/x-msgpack",
    }
    r = await demo_client.post("/api/sync/push", content=payload, headers=headers)
    assert r.status_code == 200
    result = msgspec.msgpack.decode(r.content)
    assert result["results"] == [{"id": op.id, "status": "accepted"}]
    pulled = await demo_client.get(
        "/api/sync/pull", params={**PROTOCOL, "cursor": result["cursor"] - 1}, headers=headers
    )
    page = msgspec.msgpack.decode(pulled.content)
    assert any(o["device"] == dev.device_id for o in page["ops"])


async def test_authorisation_rejects_are_kept_for_the_office(demo_client: Client) -> None:
    picker = await device_for(demo_client, "K001")
    order = await an_order(demo_client, picker)
    hz = await device_for(demo_client, "H001", "HZ02")
    hz_order = await an_order(demo_client, hz)
    ops = [
        picker.op("order.cancel", order["eid"], {"reason": "no"}),  # pickers may not cancel
        picker.op("pick.line_picked", hz_order["eid"], {"sku": "6900000000002", "qty": 1}),
        picker.op(
            "pick.line_picked", order["eid"], {"sku": "6900000000002", "qty": 1}, actor="H002"
        ),
        picker.op("pick.line_picked", "tmall:NO-SUCH-ORDER", {"sku": "6900000000002", "qty": 1}),
        picker.op("stock.spend", "HZ02:6900000000002", {"qty": 1}, etype="stock"),
        picker.op("pick.line_picked", order["eid"], {"sku": "6900000000002", "qty": 1}),
    ]
    results = (await push(demo_client, picker, ops))["results"]
    assert [(r["status"], r.get("reason")) for r in results] == [
        ("rejected", "forbidden_kind"),
        ("rejected", "unknown_entity"),  # another warehouse's order: exactly like a missing one
        ("rejected", "actor_not_signed_in"),
        ("rejected", "unknown_entity"),
        ("rejected", "unknown_entity"),
        ("accepted", None),
    ]
    manager = await device_for(demo_client, "M001")
    rejected = (await demo_client.get("/api/sync/rejected", headers=manager.headers)).json()
    assert {r["op_id"] for r in rejected} >= {o.id for o in ops[:5]}
    assert all(
        json.loads(r["op_json"])["device"] == picker.device_id
        for r in rejected
        if r["op_id"] in {o.id for o in ops}
    )
    # Hangzhou's office does not see Shanghai's rejections.
    assert (await demo_client.get("/api/sync/rejected", headers=hz.headers)).json() == []
    assert (await demo_client.get("/api/sync/rejected", headers=picker.headers)).status_code == 403


async def test_two_devices_scanning_one_parcel_becomes_an_exception(demo_client: Client) -> None:
    a = await device_for(demo_client, "K001")
    b = await device_for(demo_client, "K002")
    order = await an_order(demo_client, a, "printed")
    scan_a = a.op("parcel.scan_out", order["eid"], {"tracking": order["tracking"]})
    scan_b = b.op("parcel.scan_out", order["eid"], {"tracking": order["tracking"]})
    await push(demo_client, a, [scan_a])
    await push(demo_client, b, [scan_b])
    office = await device_for(demo_client, "E001")
    queue = await open_exceptions(demo_client, office.headers)
    dup = [e for e in queue if e["kind"] == "duplicate_scan" and e["eid"] == order["eid"]]
    assert len(dup) == 1
    assert {f["device"] for f in dup[0]["facts"]} == {a.device_id, b.device_id}
    # Pushing both again derives nothing new.
    await push(demo_client, a, [scan_a])
    assert len(await open_exceptions(demo_client, office.headers)) == len(queue)


async def test_other_warehouses_neither_see_nor_release_our_ops(demo_client: Client) -> None:
    a = await device_for(demo_client, "K001")
    b = await device_for(demo_client, "K002")
    order = await an_order(demo_client, a, "printed")
    for dev in (a, b):
        scan = dev.op("parcel.scan_out", order["eid"], {"tracking": order["tracking"]})
        await push(demo_client, dev, [scan])
    hz = await device_for(demo_client, "H001", "HZ02")
    hz_queue = await open_exceptions(demo_client, hz.headers)
    assert order["eid"] not in {e["eid"] for e in hz_queue}
    release = hz.op("sync.release", f"{a.device_id}:1", {}, etype="sync")
    unknown = hz.op("sync.release", "NOBODY:1", {}, etype="sync")
    results = (await push(demo_client, hz, [release, unknown]))["results"]
    assert [r.get("reason") for r in results] == ["unknown_entity", "unknown_entity"]


async def test_the_exception_queue_has_one_road(demo_client: Client) -> None:
    """No route of its own any more: devices derive it, the bootstrap carries the rest."""
    office = await device_for(demo_client, "E001")
    r = await demo_client.get("/api/sync/exceptions", headers=office.headers)
    assert r.status_code == 404
    assert isinstance(await open_exceptions(demo_client, office.headers), list)
