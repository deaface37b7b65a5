"""Customer-service changes: ops with flagged notes, holds, cancels, needs-reprint after print."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in
from support.exceptions import open_exceptions
from support.orders import demo_order, demo_skus, ops_of
from support.waves import scan_out

Client = AsyncTestClient[Litestar]


async def test_address_change_carries_a_flagged_note(cs: Client, url: str) -> None:
    eid = demo_order("created")
    before = (await cs.get(f"/api/orders/{eid}")).json()
    r = await cs.post(
        f"/api/orders/{eid}/address",
        json={"address_detail": "文三路 90 号 东部软件园 2 号楼 (门卫代收)", "note": "客户来电"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["needs_reprint"] is False  # not printed yet: nothing to reprint
    assert body["order"]["address"]["address_detail"] == "文三路 90 号 东部软件园 2 号楼 (门卫代收)"
    assert body["order"]["address"]["province"] == before["address"]["province"]
    kinds = [o["kind"] for o in await ops_of(url, eid)]
    assert kinds[-2:] == ["order.set_address", "order.set_field"]
    (note,) = (await cs.get(f"/api/orders/{eid}/notes")).json()
    assert note["by"] == "C001" and note["change"] == "address" and note["note"] == "客户来电"
    assert note["old"]["address_detail"] == before["address"]["address_detail"]
    assert note["new"]["address_detail"].startswith("文三路 90 号")
    assert note["after_print"] is False and note["at"]
    assert body["order"]["flag_note"]["by_name"] == "陈静"


async def test_change_after_print_marks_needs_reprint(cs: Client, url: str) -> None:
    eid = demo_order("printed")
    r = await cs.post(
        f"/api/orders/{eid}/requests", json={"carrier": "SF", "greeting_card": "早日康复"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["needs_reprint"] is True
    assert r.json()["order"]["carrier"] == "顺丰"
    (note,) = (await cs.get(f"/api/orders/{eid}/notes")).json()
    assert note["after_print"] is True and note["new"] == {
        "carrier": "顺丰",
        "greeting_card": "早日康复",
    }
    # Every device sees it: the flag is an order field written by an op.
    fields = [o["op"]["payload"].get("field") for o in await ops_of(url, eid, "order.set_field")]
    assert "needs_reprint" in fields


async def test_notes_are_an_append_only_history(cs: Client) -> None:
    eid = demo_order("created", n=1)
    sku_a, sku_b = demo_skus(2)
    await cs.post(f"/api/orders/{eid}/lines", json={"lines": [{"sku": sku_a, "qty": 2}]})
    await cs.post(
        f"/api/orders/{eid}/line-attributes", json={"attributes": {sku_a: {"colour": "暖白"}}}
    )
    await cs.post(f"/api/orders/{eid}/lines", json={"lines": [{"sku": sku_b, "qty": 1}]})
    notes = (await cs.get(f"/api/orders/{eid}/notes")).json()
    assert [n["change"] for n in notes] == ["lines", "line_attributes", "lines"]
    assert notes[0]["new"] == {sku_a: 2} and notes[2]["old"] == {sku_a: 2}
    assert (await cs.get(f"/api/orders/{eid}")).json()["lines"] == {sku_b: 1}


async def test_hold_release_and_cancel(cs: Client, url: str) -> None:
    eid = demo_order("created", n=2)
    r = await cs.post(f"/api/orders/{eid}/hold", json={"reason": "地址待确认"})
    assert r.status_code == 200 and r.json()["order"]["hold"] is True
    assert (await cs.post(f"/api/orders/{eid}/hold", json={})).status_code == 409
    r = await cs.post(f"/api/orders/{eid}/release", json={"reason": "客户已确认"})
    assert r.json()["order"]["hold"] is False
    r = await cs.post(f"/api/orders/{eid}/cancel", json={"reason": "客户取消"})
    assert r.json()["order"]["status"] == "cancelled"
    r = await cs.post(f"/api/orders/{eid}/address", json={"city": "宁波市"})
    assert r.status_code == 409 and "cancelled" in r.text
    notes = (await cs.get(f"/api/orders/{eid}/notes")).json()
    assert [(n["change"], n["old"], n["new"]) for n in notes] == [
        ("hold", False, True),
        ("release", True, False),
        ("cancel", "created", "cancelled"),
    ]
    assert [o["kind"] for o in await ops_of(url, eid)][-6:] == [
        "order.hold",
        "order.set_field",
        "order.release",
        "order.set_field",
        "order.cancel",
        "order.set_field",
    ]


async def test_cancel_after_print_voids_the_label_so_a_scan_fails(cs: Client) -> None:
    eid = demo_order("printed", n=1)
    tracking = next(iter((await cs.get(f"/api/orders/{eid}")).json()["labels"]))
    r = await cs.post(f"/api/orders/{eid}/cancel", json={"reason": "客户取消"})
    assert r.json()["order"]["labels"] == {tracking: "voided"}
    await scan_out(cs, eid, tracking)
    queue = await open_exceptions(cs)
    mine = {e["kind"] for e in queue if e["eid"] == eid}
    assert "voided_label_scan" in mine or "order_cancelled" in mine


@pytest.mark.parametrize(
    ("path", "body", "status", "needle"),
    [
        ("address", {}, 400, "at least one"),
        ("address", {"recipient_name": "  "}, 400, "cannot be empty"),
        ("address", {"city": "杭州", "is_admin": True}, 400, "is_admin"),
        ("lines", {"lines": [{"sku": "6901234567890", "qty": 1}]}, 400, "unknown SKU"),
        ("lines", {"lines": [{"sku": "x", "qty": 0}]}, 400, "qty"),
        ("requests", {"carrier": "马车"}, 400, "unknown carrier"),
        ("requests", {}, 400, "at least one"),
        ("line-attributes", {"attributes": {"nope": {"colour": "红"}}}, 409, "not a line"),
        ("line-attributes", {"attributes": {"x": {"Bad Name": "红"}}}, 400, "attributes"),
        ("release", {}, 409, "not on hold"),
    ],
)
async def test_bad_changes_are_clear_4xx(
    cs: Client, path: str, body: dict[str, object], status: int, needle: str
) -> None:
    eid = demo_order("created", n=3)
    r = await cs.post(f"/api/orders/{eid}/{path}", json=body)
    assert r.status_code == status, r.text
    assert needle in r.text


async def test_who_may_change_what(demo_client: Client) -> None:
    eid = demo_order("created", n=4)
    picker = await sign_in(demo_client, "K001")
    r = await demo_client.post(f"/api/orders/{eid}/address", json={"city": "X"}, headers=picker)
    assert r.status_code == 403
    handler = await sign_in(demo_client, "E001")  # exceptions may hold, not edit
    assert (
        await demo_client.post(f"/api/orders/{eid}/hold", json={}, headers=handler)
    ).status_code == 200
    r = await demo_client.post(f"/api/orders/{eid}/cancel", json={}, headers=handler)
    assert r.status_code == 403
    hz = await sign_in(demo_client, "H001", warehouse="HZ02")
    r = await demo_client.post(f"/api/orders/{eid}/release", json={}, headers=hz)
    assert r.status_code == 404  # another warehouse's order does not exist for HZ02
    assert (await demo_client.get(f"/api/orders/{eid}/notes", headers=hz)).status_code == 404
    assert (await demo_client.get(f"/api/orders/{eid}/notes", headers=picker)).status_code == 200


async def test_a_delivered_order_cannot_be_cancelled(cs: Client) -> None:
    """Delivered is terminal (protocol v2): customer service is told so (409) instead of
    recording a cancel that the fold would refuse as cancel_after_delivery."""
    from support.auth import device_for
    from support.wire import push_body

    eid = demo_order("shipped")
    manager = await device_for(cs, "M001")
    r = await cs.post(
        "/api/sync/push",
        content=push_body([manager.op("delivery.confirm", eid, {})]),
        headers={**manager.headers, "content-type": "application/json"},
    )
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "accepted", r.text
    assert (await cs.get(f"/api/orders/{eid}")).json()["status"] == "delivered"
    r = await cs.post(f"/api/orders/{eid}/cancel", json={"reason": "客户取消"})
    assert r.status_code == 409 and "delivered" in r.text
    assert (await cs.get(f"/api/orders/{eid}")).json()["status"] == "delivered"
