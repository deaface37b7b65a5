"""Issue 9 finding 10: a forged future clock cannot be made to stick.

A year-ahead address change is quarantined (clock_skew); an exception handler releases it.
Released, it folds at the clock of its release (protocol v2, §3 "Release"), so customer
service's later, honest change wins: in the state the office reads, in what devices pull,
and after a cold re-fold by another server process (one that never saw the push).
"""

from __future__ import annotations

import json
import time
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import Device, device_for, sign_in
from support.orders import demo_order
from support.wire import BOOTSTRAP, push_body

from server.app import create_app
from server.settings import Settings
from server.sync.services import SyncService
from sync import Op, from_builtins, materialise, rules

Client = AsyncTestClient[Litestar]
YEAR_MS = 365 * 86_400_000
HOURS_10 = 10 * 3_600_000
SH01 = 1


async def _push(client: Client, headers: dict[str, str], ops: list[Op]) -> list[dict[str, Any]]:
    r = await client.post(
        "/api/sync/push",
        content=push_body(ops),
        headers={**headers, "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
    results: list[dict[str, Any]] = r.json()["results"]
    return results


async def _city(client: Client, headers: dict[str, str], eid: str) -> str:
    r = await client.get(f"/api/orders/{eid}", headers=headers)
    assert r.status_code == 200, r.text
    city: str = r.json()["address"]["city"]
    return city


async def _pulled_city(client: Client, headers: dict[str, str], eid: str) -> str:
    """The address a device folds from what it pulls, with the core like the PWA does."""
    r = await client.get(BOOTSTRAP, headers=headers)
    assert r.status_code == 200, r.text
    ops = [from_builtins(o) for o in r.json()["ops"] if o["eid"] == eid or o["etype"] == "sync"]
    return rules.address_of(materialise(ops)["orders"][eid]["fields"])["city"]


async def test_a_released_future_address_never_beats_a_later_honest_change(
    demo_client: Client, demo_loaded: Settings
) -> None:
    eid = demo_order("created", n=4)
    cs = await device_for(demo_client, "C001")
    handler = await device_for(demo_client, "E001")
    office = await sign_in(demo_client, "C002")

    now = cs.clock.now().wall
    # A year ahead lies outside C001's session window on the device: refused outright.
    year = cs.op("order.set_address", eid, {"address": {"city": "伪造市"}}, wall=now + YEAR_MS)
    (refused,) = await _push(demo_client, cs.headers, [year])
    assert refused["reason"] == "actor_not_signed_in", refused
    # Ten hours ahead is inside the 14-hour session but far past the clock allowance.
    forged = cs.op("order.set_address", eid, {"address": {"city": "伪造市"}}, wall=now + HOURS_10)
    (pushed,) = await _push(demo_client, cs.headers, [forged])
    assert pushed["status"] == "accepted", pushed  # stored, held back as clock_skew
    assert await _city(demo_client, office, eid) != "伪造市"

    release = handler.op("sync.release", forged.id, {}, etype="sync")
    (released,) = await _push(demo_client, handler.headers, [release])
    assert released["status"] == "accepted", released
    # Released, it applies (at the release's clock): nothing is lost.
    assert await _city(demo_client, office, eid) == "伪造市"

    honest = await demo_client.post(
        f"/api/orders/{eid}/address", json={"city": "苏州市"}, headers=office
    )
    assert honest.status_code == 200, honest.text
    assert honest.json()["order"]["address"]["city"] == "苏州市"
    assert await _city(demo_client, office, eid) == "苏州市"
    assert await _pulled_city(demo_client, office, eid) == "苏州市"

    # Another server process folds the order from the log alone (empty cache): same answer.
    async with AsyncTestClient(create_app(demo_loaded)) as other:
        note = cs.op("order.set_field", eid, {"field": "seller_note", "value": "已核对"})
        (noted,) = await _push(other, cs.headers, [note])
        assert noted["status"] == "accepted", noted
        assert await _city(other, office, eid) == "苏州市"


async def test_a_fold_from_the_log_applies_releases_of_ops_no_longer_ahead(
    pair: tuple[SyncService, SyncService],
) -> None:
    """The release rule does not depend on the horizon: an op dated after its release folds
    at the release's clock even when it was never (or is no longer) beyond the horizon. A
    process that folds the order from the log alone must look its releases up too."""
    one, two = pair
    a, b = Device("T-A", {}, "C001"), Device("T-B", {}, "E001")
    x = "jd:RELEASED-CLOCK"
    t = int(time.time() * 1000)
    ahead = a.op("order.set_address", x, {"address": {"city": "伪造市"}}, wall=t + 240_000)
    for svc, ops in (
        (one, [a.op("order.create", x, {"lines": {"6900000000001": 1}}, wall=t), ahead]),
        (one, [b.op("sync.release", ahead.id, {}, etype="sync", wall=t)]),
        (two, [a.op("order.set_address", x, {"address": {"city": "苏州市"}}, wall=t + 60_000)]),
    ):
        results, _ = await svc.push(None, ops, SH01)
        assert {r.status for r in results} == {"accepted"}
    async with two.connector.read() as conn:
        (row,) = await conn.fetch("SELECT state FROM sync_entity WHERE eid = ?", [x])
    assert json.loads(row[0])["fields"]["address"] == {"city": "苏州市"}
