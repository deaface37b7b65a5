"""POST /api/orders: JSON in, an order.create op out, idempotent by platform order number."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in
from support.orders import demo_skus, ops_of, order_json
from support.wire import pull_url

Client = AsyncTestClient[Litestar]


async def test_create_lands_an_op_and_is_idempotent(cs: Client, url: str) -> None:
    skus = demo_skus(2)
    body = order_json("T2026112300001", skus, greeting_card="生日快乐", carrier="顺丰速运")
    r = await cs.post("/api/orders", json=body)
    assert r.status_code == 201, r.text
    assert r.json() == {"eid": "tmall:T2026112300001", "status": "created"}
    again = await cs.post("/api/orders", json=body)
    assert again.status_code == 200
    assert again.json()["status"] == "existing"
    creates = await ops_of(url, "tmall:T2026112300001", "order.create")
    assert len(creates) == 1  # the second POST changed nothing
    assert creates[0]["actor"] == "C001"
    op = creates[0]["op"]
    assert op["device"].startswith("srv-")
    assert op["payload"]["lines"] == {s: 1 for s in skus}

    got = (await cs.get("/api/orders/tmall:T2026112300001")).json()
    assert got["address"] == {
        "recipient_name": "欧阳娜娜",
        "recipient_phone": "13900001111",
        "province": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "address_detail": "科技园南路 88 号 腾讯滨海大厦 3 楼（前台代收）",
    }
    assert got["carrier"] == "顺丰" and got["status"] == "created" and got["hold"] is False
    assert got["requests"] == {"carrier": "顺丰", "greeting_card": "生日快乐"}
    assert got["special"] is True  # a greeting card is a special request: 剪角


async def test_devices_see_the_new_order_on_pull(cs: Client) -> None:
    skus = demo_skus(1)
    await cs.post("/api/orders", json=order_json("T-PULL-1", skus))
    picker = await sign_in(cs, "K001")
    cursor = 0
    kinds: list[tuple[str, str]] = []
    for _ in range(50):
        r = await cs.get(pull_url(cursor, 5000), headers=picker)
        assert r.status_code == 200, r.text
        page = r.json()
        kinds += [(o["eid"], o["kind"]) for o in page["ops"]]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert ("tmall:T-PULL-1", "order.create") in kinds


@pytest.mark.parametrize(
    ("over", "needle"),
    [
        ({"is_admin": True}, "is_admin"),
        ({"lines": []}, "lines"),
        ({"platform": "amazon"}, "platform"),
        ({"platform_order_no": "x" * 65}, "platform_order_no"),
    ],
)
async def test_bad_json_is_a_clear_400(cs: Client, over: dict[str, object], needle: str) -> None:
    body = order_json("T-BAD", demo_skus(1))
    body.update(over)
    r = await cs.post("/api/orders", json=body)
    assert r.status_code == 400
    assert needle in r.text


async def test_unknown_sku_and_bad_values_are_reported(cs: Client, url: str) -> None:
    body = order_json("T-SKU", ["6901234567890"], recipient_phone="call me", carrier="马车")
    r = await cs.post("/api/orders", json=body)
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert "unknown carrier '马车'" in detail and "bad phone number" in detail
    r = await cs.post("/api/orders", json=order_json("T-SKU", ["6901234567890"]))
    assert r.status_code == 400 and "unknown SKU 6901234567890" in r.json()["detail"]
    assert await ops_of(url, "tmall:T-SKU") == []


async def test_only_cs_and_managers_create_orders(demo_client: Client) -> None:
    body = order_json("T-ROLE", demo_skus(1))
    picker = await sign_in(demo_client, "K001")
    assert (await demo_client.post("/api/orders", json=body, headers=picker)).status_code == 403
    manager = await sign_in(demo_client, "M001")
    r = await demo_client.post("/api/orders", json=body, headers=manager)
    assert r.status_code == 201


async def test_orders_are_warehouse_scoped(demo_client: Client) -> None:
    skus = demo_skus(1)
    sh = await sign_in(demo_client, "C001")
    hz = await sign_in(demo_client, "H001", warehouse="HZ02")
    r = await demo_client.post("/api/orders", json=order_json("T-SCOPE", skus), headers=sh)
    assert r.status_code == 201
    # HZ02 cannot see it; the same number there is simply HZ02's own new order.
    assert (await demo_client.get("/api/orders/tmall:T-SCOPE", headers=hz)).status_code == 404
    body = order_json("T-SCOPE", skus, recipient_name="杭州收件人")
    r = await demo_client.post("/api/orders", json=body, headers=hz)
    assert r.status_code == 201 and r.json() == {"eid": "tmall:T-SCOPE", "status": "created"}
    mine = (await demo_client.get("/api/orders/tmall:T-SCOPE", headers=sh)).json()
    theirs = (await demo_client.get("/api/orders/tmall:T-SCOPE", headers=hz)).json()
    assert mine["address"]["recipient_name"] == "欧阳娜娜"
    assert theirs["address"]["recipient_name"] == "杭州收件人"
    assert (await demo_client.get("/api/orders/tmall:NOPE", headers=sh)).status_code == 404


async def test_new_orders_count_on_the_overview(cs: Client) -> None:
    before = (await cs.get("/api/overview")).json()["orders"]
    body = order_json("T-OVERVIEW-1", demo_skus(1), greeting_card="新年快乐", carrier="顺丰速运")
    assert (await cs.post("/api/orders", json=body)).status_code == 201
    after = (await cs.get("/api/overview")).json()["orders"]
    assert after["total"] == before["total"] + 1
    assert after["printable"] == before["printable"] + 1
    assert after["special"] == before["special"] + 1
    by = {c["carrier"]: c["count"] for c in after["by_carrier"]}
    assert by["顺丰"] == {c["carrier"]: c["count"] for c in before["by_carrier"]}["顺丰"] + 1
