"""Dispatch: a manager puts an order on a courier's route, in one transaction."""

from __future__ import annotations

import asyncio

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import device_for
from test_push import an_order

from server.db import Connector
from server.db.url import parse_database_url
from server.dispatch import services
from server.settings import Settings

Client = AsyncTestClient[Litestar]


async def _rows(settings: Settings, sql: str, args: list[object]) -> list[tuple[object, ...]]:
    connector = Connector(parse_database_url(settings.database_url))
    await connector.start()
    try:
        return await connector.fetch(sql, args)
    finally:
        await connector.close()


async def _routes(settings: Settings, eid: str) -> list[tuple[str, int]]:
    """(courier code, assigned_seq) of every route row of this order."""
    rows = await _rows(
        settings,
        "SELECT u.employee_code, r.assigned_seq FROM courier_route r"
        " JOIN app_user u ON u.id = r.courier WHERE r.eid = ?",
        [eid],
    )
    return [(str(code), int(str(seq))) for code, seq in rows]


async def test_assigning_again_moves_the_order_to_the_new_route(
    demo_client: Client, demo_loaded: Settings
) -> None:
    manager = await device_for(demo_client, "M001")
    order = await an_order(demo_client, manager, "printed")
    for courier in ("D001", "D002"):
        r = await demo_client.post(
            "/api/dispatch/routes",
            json={"eid": order["eid"], "courier": courier},
            headers=manager.headers,
        )
        assert r.status_code == 200, r.text
        assert r.json() == {"eid": order["eid"], "courier": courier}
    [(courier, seq)] = await _routes(demo_loaded, order["eid"])
    [(head,)] = await _rows(demo_loaded, "SELECT MAX(seq) FROM op_log", [])
    assert courier == "D002" and seq == int(str(head)) + 1


async def test_parallel_assignments_leave_exactly_one_route(
    demo_client: Client, demo_loaded: Settings
) -> None:
    """The delete and the insert are one transaction: racing managers never fail (a unique
    violation was a 500) and never leave the order on two routes or none."""
    manager = await device_for(demo_client, "M001")
    order = await an_order(demo_client, manager, "printed")

    async def assign(courier: str) -> int:
        r = await demo_client.post(
            "/api/dispatch/routes",
            json={"eid": order["eid"], "courier": courier},
            headers=manager.headers,
        )
        return r.status_code

    codes = await asyncio.gather(*(assign(("D001", "D002")[i % 2]) for i in range(20)))
    assert codes == [200] * 20
    assert len(await _routes(demo_loaded, order["eid"])) == 1


async def test_a_failed_move_keeps_the_old_route(
    demo_client: Client, demo_loaded: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Delete and insert are one transaction: if the insert fails, the order is still on
    its old route (never on none)."""
    manager = await device_for(demo_client, "M001")
    order = await an_order(demo_client, manager, "printed")
    assign = {"eid": order["eid"], "courier": "D001"}
    r = await demo_client.post("/api/dispatch/routes", json=assign, headers=manager.headers)
    assert r.status_code == 200, r.text
    delete, _insert = services._MOVE_ROUTE
    monkeypatch.setattr(services, "_MOVE_ROUTE", (delete, "INSERT INTO no_such_table VALUES (?)"))
    r = await demo_client.post(
        "/api/dispatch/routes", json={**assign, "courier": "D002"}, headers=manager.headers
    )
    assert r.status_code == 500
    assert [c for c, _seq in await _routes(demo_loaded, order["eid"])] == ["D001"]


async def test_no_such_order_or_courier_in_this_warehouse(
    demo_client: Client, demo_loaded: Settings
) -> None:
    manager = await device_for(demo_client, "M001")
    order = await an_order(demo_client, manager, "printed")
    hz_manager = await device_for(demo_client, "H001", "HZ02")
    for who, body in [
        (manager, {"eid": "taobao:nope", "courier": "D001"}),  # no such order
        (manager, {"eid": order["eid"], "courier": "K001"}),  # a picker, not a courier
        (manager, {"eid": order["eid"], "courier": "NOBODY"}),
        (hz_manager, {"eid": order["eid"], "courier": "D001"}),  # another warehouse's order
    ]:
        r = await demo_client.post("/api/dispatch/routes", json=body, headers=who.headers)
        assert r.status_code == 404, (body, r.text)
    assert await _routes(demo_loaded, order["eid"]) == []
