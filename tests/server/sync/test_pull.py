"""Pull, bootstrap and partitions: a device sees its warehouse, a courier only their route."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import device_for
from support.wire import BOOTSTRAP, PROTOCOL
from test_push import an_order, push

Client = AsyncTestClient[Litestar]


async def test_bootstrap_then_paged_pull_sees_only_own_warehouse(demo_client: Client) -> None:
    sh = await device_for(demo_client, "K001")
    hz = await device_for(demo_client, "H002", "HZ02")
    sh_boot = (await demo_client.get(BOOTSTRAP, headers=sh.headers)).json()
    hz_boot = (await demo_client.get(BOOTSTRAP, headers=hz.headers)).json()
    assert len({o["eid"] for o in sh_boot["ops"] if o["kind"] == "order.create"}) == 600
    assert len({o["eid"] for o in hz_boot["ops"] if o["kind"] == "order.create"}) == 60
    assert not {o["eid"] for o in sh_boot["ops"]} & {o["eid"] for o in hz_boot["ops"]}
    assert sh_boot["cursor"] == hz_boot["cursor"]

    order = await an_order(demo_client, sh)
    ops = [
        sh.op("pick.line_picked", order["eid"], {"sku": f"69000000000{i:02d}", "qty": 1})
        for i in range(7)
    ]
    await push(demo_client, sh, ops)
    seen, cursor, pages = [], sh_boot["cursor"], 0
    while True:
        page = (
            await demo_client.get(
                "/api/sync/pull",
                params={**PROTOCOL, "cursor": cursor, "limit": 3},
                headers=sh.headers,
            )
        ).json()
        seen += page["ops"]
        cursor, pages = page["cursor"], pages + 1
        if not page["more"]:
            break
    assert [o["seq"] for o in seen] == list(range(1, 8)) and pages == 3
    hz_page = (
        await demo_client.get(
            "/api/sync/pull", params={**PROTOCOL, "cursor": sh_boot["cursor"]}, headers=hz.headers
        )
    ).json()
    assert hz_page["ops"] == [] and hz_page["cursor"] == cursor


async def test_courier_sees_only_their_route(demo_client: Client) -> None:
    manager = await device_for(demo_client, "M001")
    courier = await device_for(demo_client, "D001")
    other = await device_for(demo_client, "D002")
    order = await an_order(demo_client, manager, "printed")
    assert (await demo_client.get(BOOTSTRAP, headers=courier.headers)).json()["ops"] == []
    r = await demo_client.post(
        "/api/dispatch/routes",
        json={"eid": order["eid"], "courier": "D001"},
        headers=manager.headers,
    )
    assert r.status_code == 200
    boot = (await demo_client.get(BOOTSTRAP, headers=courier.headers)).json()
    assert {o["eid"] for o in boot["ops"]} == {order["eid"]}
    # A pull from before the assignment also brings the order's whole history.
    pulled = (
        await demo_client.get(
            "/api/sync/pull",
            params={**PROTOCOL, "cursor": boot["cursor"] - 1},
            headers=courier.headers,
        )
    ).json()
    assert {o["kind"] for o in pulled["ops"]} >= {"order.create", "label.print"}
    deliver = courier.op("delivery.confirm", order["eid"], {"tracking": order["tracking"]})
    assert (await push(demo_client, courier, [deliver]))["results"][0]["status"] == "accepted"
    foreign = other.op("delivery.confirm", order["eid"], {"tracking": order["tracking"]})
    assert (await push(demo_client, other, [foreign]))["results"][0]["reason"] == "out_of_scope"
    assert (await demo_client.get(BOOTSTRAP, headers=other.headers)).json()["ops"] == []


async def test_courier_bootstrap_carries_exceptions_of_their_route_only(
    demo_client: Client,
) -> None:
    """Issue 9 finding 5: the bootstrap gave a courier every open exception of the warehouse."""
    manager = await device_for(demo_client, "M001")
    a, b = await device_for(demo_client, "K001"), await device_for(demo_client, "K002")
    courier = await device_for(demo_client, "D001")
    mine = await an_order(demo_client, a, "printed")
    theirs = await an_order(demo_client, a, "printed")
    for order in (mine, theirs):
        for dev in (a, b):
            scan = dev.op("parcel.scan_out", order["eid"], {"tracking": order["tracking"]})
            await push(demo_client, dev, [scan])
    r = await demo_client.post(
        "/api/dispatch/routes",
        json={"eid": mine["eid"], "courier": "D001"},
        headers=manager.headers,
    )
    assert r.status_code == 200
    office = (await demo_client.get(BOOTSTRAP, headers=manager.headers)).json()["exceptions"]
    assert {mine["eid"], theirs["eid"]} <= {e["eid"] for e in office}
    boot = (await demo_client.get(BOOTSTRAP, headers=courier.headers)).json()
    assert {e["eid"] for e in boot["exceptions"]} == {mine["eid"]}
