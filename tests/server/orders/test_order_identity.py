"""Issue 9 finding 6: order identity is per warehouse.

Hangzhou creating `taobao:X` first neither blocks Shanghai's later import of X nor tells
Shanghai that X exists elsewhere; each warehouse then sees only its own order X, with its
own fields, labels, wave, courier route and sync state. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import Device, device_for
from support.orders import TAOBAO, csv_bytes, demo_skus, fetch, order_json
from support.wire import BOOTSTRAP, push_body

Client = AsyncTestClient[Litestar]
EID = "taobao:TB-SQUAT-1"


def _taobao_row(no: str, name: str, sku: str) -> list[object]:
    return [no, name, "13800001111", "浙江省 杭州市 西湖区 文三路478号", sku, 1, ""]


async def _hz_first(client: Client) -> tuple[Device, Device]:
    """HZ02 creates the order first; SH01 then imports the same number."""
    hz = await device_for(client, "H001", "HZ02")
    sh = await device_for(client, "M001")
    sku = demo_skus(1)[0]
    body = order_json("TB-SQUAT-1", [sku], platform="taobao", recipient_name="杭州先到")
    r = await client.post("/api/orders", json=body, headers=hz.headers)
    assert r.status_code == 201, r.text
    data = csv_bytes(TAOBAO, [_taobao_row("TB-SQUAT-1", "上海正主", sku)])
    r = await client.post(
        "/api/orders/import", files={"file": ("淘宝订单.csv", data)}, headers=sh.headers
    )
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["created_orders"] == [EID] and report["errors"] == [], report
    return hz, sh


async def _bootstrap_creates(client: Client, dev: Device) -> list[dict[str, Any]]:
    r = await client.get(BOOTSTRAP, headers=dev.headers)
    assert r.status_code == 200, r.text
    return [o for o in r.json()["ops"] if o["eid"] == EID and o["kind"] == "order.create"]


async def test_a_number_taken_elsewhere_first_imports_here(demo_client: Client) -> None:
    hz, sh = await _hz_first(demo_client)
    mine = (await demo_client.get(f"/api/orders/{EID}", headers=sh.headers)).json()
    theirs = (await demo_client.get(f"/api/orders/{EID}", headers=hz.headers)).json()
    assert mine["address"]["recipient_name"] == "上海正主"
    assert theirs["address"]["recipient_name"] == "杭州先到"
    # Each device's replica holds its own warehouse's order X, and only that one.
    (sh_create,) = await _bootstrap_creates(demo_client, sh)
    (hz_create,) = await _bootstrap_creates(demo_client, hz)
    assert sh_create["payload"]["fields"]["recipient_name"] == "上海正主"
    assert hz_create["payload"]["fields"]["recipient_name"] == "杭州先到"
    # Importing again in either warehouse finds its own order: `existing`, nothing new.
    again = order_json("TB-SQUAT-1", demo_skus(1), platform="taobao")
    for dev in (sh, hz):
        r = await demo_client.post("/api/orders", json=again, headers=dev.headers)
        assert r.status_code == 200 and r.json()["status"] == "existing", r.text


async def test_sync_state_labels_waves_and_routes_stay_per_warehouse(
    demo_client: Client, demo_loaded: Any
) -> None:
    hz, sh = await _hz_first(demo_client)
    url = demo_loaded.database_url
    states = await fetch(
        url,
        "SELECT w.code, e.state FROM sync_entity e JOIN warehouse w ON w.id = e.warehouse"
        " WHERE e.etype = 'order' AND e.eid = ? ORDER BY w.code",
        EID,
    )
    assert [code for code, _state in states] == ["HZ02", "SH01"]
    assert "杭州先到" in states[0][1] and "上海正主" in states[1][1]

    # A wave in each warehouse prints each warehouse's own X.
    for dev in (sh, hz):
        r = await demo_client.post("/api/waves", json={}, headers=dev.headers)
        assert r.status_code == 201, r.text
        detail = await demo_client.get(f"/api/waves/{r.json()['code']}", headers=dev.headers)
        assert EID in {o["eid"] for o in detail.json()["orders"]}
    sh_labels = (await demo_client.get(f"/api/orders/{EID}/labels", headers=sh.headers)).json()
    hz_labels = (await demo_client.get(f"/api/orders/{EID}/labels", headers=hz.headers)).json()
    assert len(sh_labels["labels"]) == 1 and len(hz_labels["labels"]) == 1
    assert sh_labels["tracking"] != hz_labels["tracking"]
    waves = await fetch(
        url,
        "SELECT w.code FROM wave_order o JOIN warehouse w ON w.id = o.warehouse"
        " WHERE o.eid = ? ORDER BY w.code",
        EID,
    )
    assert [w for (w,) in waves] == ["HZ02", "SH01"]

    # Each warehouse routes its own X to its own courier; each courier reads only that one.
    for dev, courier in ((sh, "D001"), (hz, "H003")):
        r = await demo_client.post(
            "/api/dispatch/routes", json={"eid": EID, "courier": courier}, headers=dev.headers
        )
        assert r.status_code in (200, 201), r.text
    routes = await fetch(
        url,
        "SELECT w.code, u.employee_code FROM courier_route r JOIN warehouse w"
        " ON w.id = r.warehouse JOIN app_user u ON u.id = r.courier WHERE r.eid = ?"
        " ORDER BY w.code",
        EID,
    )
    assert routes == [("HZ02", "H003"), ("SH01", "D001")]
    for code, warehouse, name in (("D001", "SH01", "上海正主"), ("H003", "HZ02", "杭州先到")):
        courier = await device_for(demo_client, code, warehouse)
        got = await demo_client.get(f"/api/orders/{EID}", headers=courier.headers)
        assert got.status_code == 200 and got.json()["address"]["recipient_name"] == name
        (create,) = await _bootstrap_creates(demo_client, courier)
        assert create["payload"]["fields"]["recipient_name"] == name


async def test_a_push_to_another_warehouses_order_answers_like_a_missing_one(
    demo_client: Client,
) -> None:
    hz = await device_for(demo_client, "H001", "HZ02")
    body = order_json("TB-HZ-ONLY", demo_skus(1), platform="taobao")
    assert (await demo_client.post("/api/orders", json=body, headers=hz.headers)).status_code == 201
    picker = await device_for(demo_client, "K001")
    sku = demo_skus(1)[0]
    ops = [
        picker.op("pick.line_picked", "taobao:TB-HZ-ONLY", {"sku": sku, "qty": 1}),
        picker.op("pick.line_picked", "taobao:TB-NOWHERE", {"sku": sku, "qty": 1}),
    ]
    r = await demo_client.post(
        "/api/sync/push",
        content=push_body(ops),
        headers={**picker.headers, "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [(x["status"], x.get("reason")) for x in results] == [
        ("rejected", "unknown_entity"),
        ("rejected", "unknown_entity"),
    ]
    manager = await device_for(demo_client, "M001")
    rejected = (await demo_client.get("/api/sync/rejected", headers=manager.headers)).json()
    detail = {r["op_id"]: r["detail"] for r in rejected}
    # The stored detail differs only by the number itself.
    assert detail[ops[0].id].replace("TB-HZ-ONLY", "N") == detail[ops[1].id].replace(
        "TB-NOWHERE", "N"
    )
    # HZ02's order is untouched.
    hz_order = (await demo_client.get("/api/orders/taobao:TB-HZ-ONLY", headers=hz.headers)).json()
    assert hz_order["status"] == "created"
