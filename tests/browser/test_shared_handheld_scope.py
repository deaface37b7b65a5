"""One shared handheld, users switching in every order: each sees exactly their scope.

Demo finding (issue 12): after a courier, the manager and everyone else saw 0 orders (the
device pulled on from the courier's cursor); before a courier, the courier saw all 600
orders with full phone numbers. The rule is the core's (sync/privacy.py `partition`).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

Phone = Any  # tests/browser/conftest.py: Phone
SHOTS = Path("/tmp/shots-desk")
MASKED = re.compile(r"\d{3}\*{4}\d{4}")
FULL = re.compile(r"1\d{10}")


def _served(database_url: str) -> tuple[int, int]:
    """(SH01's orders, courier D001's route) as the served demo holds them now: other
    browser modules share this server (one per test worker), and some create orders or
    assign D001 a route, so the counts are read, not assumed (600 and 0 on a fresh demo)."""
    path = database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        orders = db.execute(
            "SELECT count(*) FROM sync_entity e JOIN warehouse w ON w.id = e.warehouse"
            " WHERE e.etype = 'order' AND w.code = 'SH01'"
        ).fetchone()[0]
        route = db.execute(
            "SELECT count(*) FROM courier_route r JOIN app_user u ON u.id = r.courier"
            " WHERE u.employee_code = 'D001'"
        ).fetchone()[0]
    return int(orders), int(route)


def _switch(phone: Phone, code: str) -> None:
    phone.page.get_by_test_id("switch-user").click()
    expect(phone.page.get_by_test_id("signin")).to_be_visible()
    phone.sign_in(code)


def _count(phone: Phone, want: int) -> None:
    phone.go("#/orders?filter=all")
    expect(phone.page.get_by_test_id("orders-count")).to_have_attribute(
        "data-count", str(want), timeout=20_000
    )


def _recipient(phone: Phone, shown: re.Pattern[str]) -> str:
    """The first order's recipient once it reads as `shown` (a wider partition arrives
    with the next sync's bootstrap, a narrower one is applied before the first screen)."""
    phone.go("#/orders?filter=all")
    phone.page.get_by_test_id("order-row").first.click()
    cell = phone.page.get_by_test_id("order-recipient")
    expect(cell).to_have_text(shown, timeout=20_000)
    text = cell.inner_text()
    phone.go("#/orders?filter=all")
    return text


def test_scope_follows_the_user_in_every_order(
    phones: Callable[..., Phone], demo_database: str
) -> None:
    SHOTS.mkdir(exist_ok=True)
    ALL, ROUTE = _served(demo_database)
    assert ALL > ROUTE
    phone = phones("D001")  # a courier first: their (empty) route only
    _count(phone, ROUTE)
    _switch(phone, "M001")  # then the manager: the whole warehouse, not 0
    # The manager has the most screens: the bottom bar still takes one row of 640 px.
    bar = phone.page.locator(".actions").bounding_box()
    assert bar is not None and bar["height"] < 90, bar
    _count(phone, ALL)
    _recipient(phone, FULL)
    _switch(phone, "D001")  # manager -> courier: nothing beyond the route, at once
    _count(phone, ROUTE)
    _switch(phone, "K001")  # courier -> picker: the warehouse again, phones masked
    _count(phone, ALL)
    assert not FULL.search(_recipient(phone, MASKED))
    phone.page.get_by_test_id("order-row").first.click()
    phone.shot(SHOTS / "order-masked-picker-zh-CN-360x640.png")
    _switch(phone, "C001")  # picker -> customer service: full numbers again
    _count(phone, ALL)
    _recipient(phone, FULL)
    _switch(phone, "K002")  # cs -> picker: masked in place before the first screen
    _count(phone, ALL)
    assert not FULL.search(_recipient(phone, MASKED))
