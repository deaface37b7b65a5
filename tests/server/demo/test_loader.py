from __future__ import annotations

import asyncio
from datetime import datetime

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in

from server.db.database import Database
from server.db.tables import AppUser, Location, SalesOrder, Sku
from server.demo.builder import SHANGHAI, build_demo, ean13
from server.demo.catalogue import CARRIERS
from server.demo.loader import demo_is_loaded
from server.roles import Role
from server.settings import Settings

NOW = datetime(2026, 11, 23, 15, 30, tzinfo=SHANGHAI)


def test_demo_is_deterministic_and_realistic() -> None:
    a, b = build_demo(NOW), build_demo(NOW)
    assert [s.barcode for s in a.skus] == [s.barcode for s in b.skus]
    assert 200 <= len(a.skus) <= 500
    assert {o.carrier for o in a.orders} == set(CARRIERS)
    assert any(o.on_hold for o in a.orders)
    assert any(o.special_request for o in a.orders)
    assert any(s.needs_crate for s in a.skus)
    assert all(s.barcode.startswith("69") and len(s.barcode) == 13 for s in a.skus)


def test_ean13_check_digit() -> None:
    import random

    code = ean13(random.Random(1))
    digits = [int(c) for c in code]
    assert sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0


def test_loaded_demo_has_every_role(demo_loaded: Settings) -> None:
    Database(demo_loaded).bind()

    async def check() -> None:
        assert await demo_is_loaded()
        roles = {
            r for row in await AppUser.select(AppUser.roles).run() for r in row["roles"].split(",")
        }
        assert roles == {r.value for r in Role}
        assert await Sku.count().run() == len(build_demo(NOW).skus)
        assert await Location.count().run() > 100
        order = await SalesOrder.select().where(SalesOrder.province == "广东省").first().run()
        assert order is not None and order["city"] == "深圳市"

    asyncio.run(check())


def test_empty_database_has_no_demo(settings: Settings) -> None:
    Database(settings).bind()
    assert asyncio.run(demo_is_loaded()) is False


async def test_demo_users_and_overview(demo_client: AsyncTestClient[Litestar]) -> None:
    client = demo_client
    users = (await client.get("/api/demo/users")).json()
    assert {u["employee_code"] for u in users} >= {"P001", "K001", "D001", "M001", "H001"}
    client.headers.update(await sign_in(client, "M001"))
    overview = (await client.get("/api/overview")).json()
    assert overview["orders"]["total"] == 600
    assert overview["orders"]["held"] > 0
    assert {c["carrier"] for c in overview["orders"]["by_carrier"]} == set(CARRIERS)
    assert sum(c["count"] for c in overview["orders"]["by_carrier"]) <= overview["orders"]["total"]
    assert (await client.get("/api/overview", params={"warehouse": "SH01"})).status_code == 200
    # Another warehouse's numbers are not visible, whatever the query says.
    assert (await client.get("/api/overview", params={"warehouse": "HZ02"})).status_code == 404
    assert (await client.get("/api/overview", params={"warehouse": "NOPE"})).status_code == 404
    client.headers.update(await sign_in(client, "H001", warehouse="HZ02"))
    other = (await client.get("/api/overview")).json()
    assert other["orders"]["total"] == 60
