"""Recipient phones: floor roles and couriers get them masked from the server itself
(sync/privacy.py is the rule); customer service and the office get the full number."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import device_for
from support.wire import BOOTSTRAP, PROTOCOL
from test_push import an_order, push

Client = AsyncTestClient[Litestar]
MASKED = re.compile(r"\d{3}\*{4}\d{4}")
FULL = re.compile(r"\d{11}")


def _phones(ops: list[dict[str, object]]) -> list[str]:
    out = []
    for o in ops:
        p = o["payload"]
        assert isinstance(p, dict)
        if o["kind"] == "order.create":
            out.append(p["fields"]["recipient_phone"])
        elif o["kind"] == "order.set_address":
            out.append(p["address"]["recipient_phone"])
    return out


async def test_bootstrap_pull_and_order_masked_by_role(demo_client: Client) -> None:
    picker = await device_for(demo_client, "K001")
    manager = await device_for(demo_client, "M001")
    cs = await device_for(demo_client, "C001")
    boot = {
        who: (await demo_client.get(BOOTSTRAP, headers=d.headers)).json()
        for who, d in (("picker", picker), ("manager", manager), ("cs", cs))
    }
    assert len(_phones(boot["picker"]["ops"])) == 600
    assert all(MASKED.fullmatch(p) for p in _phones(boot["picker"]["ops"]))
    assert all(FULL.fullmatch(p) for p in _phones(boot["manager"]["ops"]))
    assert _phones(boot["cs"]["ops"]) == _phones(boot["manager"]["ops"])
    # Only the phone differs: the same ops, the same ids, everything else equal.
    for a, b in zip(boot["picker"]["ops"], boot["manager"]["ops"], strict=True):
        assert (a["device"], a["seq"], a["kind"]) == (b["device"], b["seq"], b["kind"])

    order = await an_order(demo_client, manager)
    change = manager.op(
        "order.set_address",
        order["eid"],
        {"address": {"recipient_name": "刘洋", "recipient_phone": "13900001111"}},
    )
    assert (await push(demo_client, manager, [change]))["results"][0]["status"] == "accepted"
    cursor = boot["picker"]["cursor"]
    for d, want in ((picker, "139****1111"), (cs, "13900001111")):
        page = (
            await demo_client.get(
                "/api/sync/pull", params={**PROTOCOL, "cursor": cursor}, headers=d.headers
            )
        ).json()
        assert _phones([o for o in page["ops"] if o["kind"] == "order.set_address"]) == [want]
        shown = (await demo_client.get(f"/api/orders/{order['eid']}", headers=d.headers)).json()
        assert shown["address"]["recipient_phone"] == want


async def test_courier_route_is_masked(demo_client: Client) -> None:
    manager = await device_for(demo_client, "M001")
    courier = await device_for(demo_client, "D001")
    order = await an_order(demo_client, manager, "printed")
    r = await demo_client.post(
        "/api/dispatch/routes",
        json={"eid": order["eid"], "courier": "D001"},
        headers=manager.headers,
    )
    assert r.status_code == 200
    ops = (await demo_client.get(BOOTSTRAP, headers=courier.headers)).json()["ops"]
    phones = _phones(ops)
    assert phones and all(MASKED.fullmatch(p) for p in phones)
