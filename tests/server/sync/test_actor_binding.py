"""Finding 1 and 9 of issue 9: every op is bound to a person who signed in on the pushing
device, for the counter and clock the op claims, and to what their role and scope allow;
per-op answers are exact when two ops of one batch share an id."""

from __future__ import annotations

import time
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import DEMO_PIN, Device, bearer, device_for, enroll
from support.wire import BOOTSTRAP, PROTOCOL
from test_push import an_order, push

Client = AsyncTestClient[Litestar]
SKU = "6900000000002"


async def login(client: Client, device_token: str, code: str, **body: Any) -> dict[str, str]:
    r = await client.post(
        "/api/auth/login",
        json={"employee_code": code, "pin": DEMO_PIN, **body},
        headers=bearer(device_token),
    )
    assert r.status_code == 200, r.text
    return bearer(r.json()["token"])


def reasons(result: dict[str, Any]) -> list[str | None]:
    return [r.get("reason") for r in result["results"]]


async def test_a_picker_cannot_push_in_a_managers_or_admins_name(demo_client: Client) -> None:
    picker = await device_for(demo_client, "K001")
    order = await an_order(demo_client, picker)
    forged = [
        picker.op(
            "stock.grant",
            "SH01:" + SKU,
            {"device": picker.device_id, "qty": 50},
            etype="stock",
            actor="M001",
        ),
        picker.op("order.hold", order["eid"], {"reason": "x"}, actor="M001"),
        picker.op("order.set_field", order["eid"], {"field": "note", "value": "x"}, actor="A001"),
        picker.op("order.create", "tmall:FORGED-1", {"lines": {SKU: 1}}, actor="M001"),
    ]
    assert reasons(await push(demo_client, picker, forged)) == ["actor_not_signed_in"] * 4
    # In the picker's own name the role decides instead.
    own = [picker.op(o.kind, o.eid, o.payload, etype=o.etype) for o in forged]
    assert reasons(await push(demo_client, picker, own)) == ["forbidden_kind"] * 4
    manager = await device_for(demo_client, "M001")
    kept = (await demo_client.get("/api/sync/rejected", headers=manager.headers)).json()
    by_id = {r["op_id"]: r["reason"] for r in kept}
    assert [by_id[o.id] for o in forged + own] == ["actor_not_signed_in"] * 4 + [
        "forbidden_kind"
    ] * 4
    # Nothing of it reached the log.
    ids = {o.id for o in forged + own}
    boot = (await demo_client.get(BOOTSTRAP, headers=manager.headers)).json()
    assert not ids & {f"{o['device']}:{o['seq']}" for o in boot["ops"]}


async def test_a_courier_confirms_only_on_their_route_and_only_as_themself(
    demo_client: Client,
) -> None:
    manager = await device_for(demo_client, "M001")
    courier = await device_for(demo_client, "D001")
    mine = await an_order(demo_client, manager, "printed")
    r = await demo_client.post(
        "/api/dispatch/routes",
        json={"eid": mine["eid"], "courier": "D001"},
        headers=manager.headers,
    )
    assert r.status_code == 200
    boot = (await demo_client.get(BOOTSTRAP, headers=manager.headers)).json()
    off_route = next(
        o["eid"] for o in boot["ops"] if o["kind"] == "label.print" and o["eid"] != mine["eid"]
    )
    ops = [
        courier.op("delivery.confirm", off_route, {}, actor="M001"),
        courier.op("delivery.confirm", off_route, {}),
        courier.op("order.cancel", mine["eid"], {}),
        courier.op("delivery.confirm", mine["eid"], {"tracking": mine["tracking"]}),
    ]
    assert reasons(await push(demo_client, courier, ops)) == [
        "actor_not_signed_in",
        "out_of_scope",
        "forbidden_kind",
        None,
    ]


async def test_a_shared_handhelds_earlier_user_keeps_their_offline_ops(demo_client: Client) -> None:
    """K001 works offline, hands the phone to K002 (who signs in with the phone's counter),
    then the phone syncs: K001's ops before the switch land, K001 after it does not."""
    device = await enroll(demo_client)
    k1_headers = await login(demo_client, device["token"], "K001", seq=0)
    k1 = Device(device["device_id"], k1_headers, "K001")
    order = await an_order(demo_client, k1)
    before = [k1.op("pick.line_picked", order["eid"], {"sku": SKU, "qty": 1}) for _ in range(2)]
    k2_headers = await login(
        demo_client, device["token"], "K002", seq=k1.seq, wall=k1.clock.last.wall
    )
    k2 = Device(device["device_id"], k2_headers, "K002")
    k2.seq, k2.clock = k1.seq, k1.clock
    after_k2 = k2.op("pick.line_picked", order["eid"], {"sku": SKU, "qty": 1})
    forged = k2.op("pick.line_picked", order["eid"], {"sku": SKU, "qty": 1}, actor="K001")
    result = await push(demo_client, k2, [*before, after_k2, forged])
    assert [r["status"] for r in result["results"]] == ["accepted"] * 3 + ["rejected"]
    assert reasons(result)[3] == "actor_not_signed_in"
    # K001's session ended at the switch: their token no longer works.
    assert (await demo_client.get("/api/auth/me", headers=k1_headers)).status_code == 401


async def test_an_op_claiming_a_time_after_sign_out_is_refused(demo_client: Client) -> None:
    device = await enroll(demo_client)
    k1 = Device(device["device_id"], await login(demo_client, device["token"], "K001"), "K001")
    order = await an_order(demo_client, k1)
    made = k1.op("pick.line_picked", order["eid"], {"sku": SKU, "qty": 1})
    r = await demo_client.post("/api/auth/logout", headers=k1.headers)
    assert r.status_code == 200
    k2 = Device(device["device_id"], await login(demo_client, device["token"], "K002"), "K002")
    late = k1.op(
        "pick.line_picked",
        order["eid"],
        {"sku": SKU, "qty": 1},
        wall=int(time.time() * 1000) + 3_600_000,
    )
    result = await push(demo_client, k2, [made, late])
    assert reasons(result) == [None, "actor_not_signed_in"]


async def test_the_stored_op_of_an_id_collision_is_the_accepted_one(demo_client: Client) -> None:
    picker = await device_for(demo_client, "K001")
    order = await an_order(demo_client, picker)
    first = picker.op("pick.line_picked", order["eid"], {"sku": SKU, "qty": 1})
    clash = picker.op("pick.line_picked", order["eid"], {"sku": SKU, "qty": 2}, seq=first.seq)
    result = await push(demo_client, picker, [first, clash])
    assert [(r["id"], r["status"], r.get("reason")) for r in result["results"]] == [
        (first.id, "accepted", None),
        (first.id, "rejected", "id_collision"),
    ]
    pulled = await demo_client.get(
        "/api/sync/pull",
        params={**PROTOCOL, "cursor": result["cursor"] - 1},
        headers=picker.headers,
    )
    stored = [o for o in pulled.json()["ops"] if o["device"] == picker.device_id]
    assert [o["payload"]["qty"] for o in stored] == [1]


async def test_another_warehouses_order_answers_like_a_missing_one(demo_client: Client) -> None:
    sh = await device_for(demo_client, "M001")
    hz = await device_for(demo_client, "H001", "HZ02")
    hz_order = await an_order(demo_client, hz)
    ops = [
        sh.op("order.hold", hz_order["eid"], {"reason": "x"}),
        sh.op("order.hold", "tmall:NOBODY-HAS-THIS", {"reason": "x"}),
    ]
    result = await push(demo_client, sh, ops)
    assert reasons(result) == ["unknown_entity", "unknown_entity"]
    kept = (await demo_client.get("/api/sync/rejected", headers=sh.headers)).json()
    detail = {r["op_id"]: r["detail"] for r in kept}
    assert detail[ops[0].id] == f"no order {hz_order['eid']!r}"
    assert detail[ops[1].id] == "no order 'tmall:NOBODY-HAS-THIS'"


async def test_sign_out_with_the_devices_counter_ends_the_window_there(demo_client: Client) -> None:
    device = await enroll(demo_client)
    k1 = Device(device["device_id"], await login(demo_client, device["token"], "K001"), "K001")
    order = await an_order(demo_client, k1)
    made = k1.op("pick.line_picked", order["eid"], {"sku": SKU, "qty": 1})
    r = await demo_client.post("/api/auth/logout", json={"seq": k1.seq}, headers=k1.headers)
    assert r.status_code == 200, r.text
    # Made after the sign-out (counter past it), even with a clock inside the slack.
    after = k1.op("pick.line_picked", order["eid"], {"sku": SKU, "qty": 1})
    k2 = Device(device["device_id"], await login(demo_client, device["token"], "K002"), "K002")
    assert reasons(await push(demo_client, k2, [made, after])) == [None, "actor_not_signed_in"]
