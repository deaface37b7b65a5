"""A picker's offline shift on a 360x640 phone (issue 12, 备货): sign for a wave by scanning its
list barcode, pick with keyboard-wedge bursts sent while no input has the focus, report a
shortage, reload offline at #/pick, go online: the server has every op, the handoff sheet
counts the signature, and customer service sees the order in the shortage basket.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect
from support.auth import DEMO_PIN, bearer
from support.orders import demo_skus, order_json

Phone = Any  # tests/browser/conftest.py: Phone (conftest modules are not importable)
SYNC_MS = 20_000
SHOTS = Path("/tmp/shots-pick")


def _api(base: str, code: str, employee: str) -> dict[str, str]:
    r = httpx.post(f"{base}/api/devices/claim", json={"code": code, "label": "test"})
    assert r.status_code == 201, r.text
    r = httpx.post(
        f"{base}/api/auth/login",
        json={"employee_code": employee, "pin": DEMO_PIN},
        headers=bearer(r.json()["token"]),
    )
    assert r.status_code == 200, r.text
    return bearer(r.json()["token"])


def _wedge(page: Page, code: str, end: str = "Enter") -> None:
    """A keyboard-wedge scanner: fast real key events, with no input focused."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.type(code, delay=4)
    page.keyboard.press(end)


def _result(page: Page, code: str, kind: str) -> None:
    banner = page.locator(f'[data-testid=scan-result][data-code="{code}"]')
    expect(banner).to_have_attribute("data-kind", kind)


def _line(page: Page, sku: str) -> Any:
    return page.locator(f'[data-testid=pick-line][data-sku="{sku}"]')


def _server_ops(database_url: str, actor: str, eids: list[str]) -> dict[str, int]:
    """Op kinds `actor` has in the server's op log on these orders (read straight from SQLite)."""
    path = database_url.removeprefix("sqlite:///")
    marks = ",".join("?" * len(eids))
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        rows = db.execute(
            f"SELECT kind, count(*) FROM op_log WHERE actor = ? AND entity_id IN ({marks})"
            " GROUP BY kind",
            (actor, *eids),
        ).fetchall()
    return {k: int(n) for k, n in rows}


def test_offline_pick_shift_signs_picks_reports_a_shortage_and_syncs(
    phones: Callable[..., Phone],
    enrolment_code: Callable[[], str],
    served_demo: str,
    demo_database: str,
) -> None:
    SHOTS.mkdir(exist_ok=True)
    base = served_demo
    cs = _api(base, enrolment_code(), "C001")
    printer = _api(base, enrolment_code(), "P001")
    a, b, c = demo_skus(3)
    mine = []
    for no, skus in (("PICK-1", [a, b]), ("PICK-2", [b, c])):
        r = httpx.post(f"{base}/api/orders", json=order_json(no, skus), headers=cs)
        assert r.status_code == 201, r.text
        mine.append(r.json()["eid"])
    r = httpx.post(f"{base}/api/waves", json={}, headers=printer)
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    detail = httpx.get(f"{base}/api/waves/{code}", headers=printer).json()
    wave_orders = [o["eid"] for o in detail["orders"]]
    assert set(mine) <= set(wave_orders)

    picker = phones("K001")
    page = picker.page
    picker.go("#/pick")
    expect(page.locator(f'[data-testid=pick-wave][data-wave="{code}"]')).to_be_visible(
        timeout=SYNC_MS
    )
    page.screenshot(path=str(SHOTS / "pick-choose-wave-zh-CN-360x640.png"))

    # 1. Offline from here on: sign for the wave by scanning the pick list's barcode.
    picker.offline(True)
    _wedge(page, f"PK-{code}")
    _result(page, f"PK-{code}", "signed")
    screen = page.get_by_test_id("pick-screen")
    expect(screen).to_have_attribute("data-wave", code)
    expect(screen).to_have_attribute("data-signed", "true")
    _wedge(page, f"PK-{code}")  # a genuine second scan later: said, not signed twice
    _result(page, f"PK-{code}", "already")

    # Rows in the core's walk order: every spot-checked line before every unmarked one.
    lines = page.get_by_test_id("pick-lines")
    expect(lines).to_have_attribute("data-rows", lines.get_attribute("data-total") or "")
    spots = page.get_by_test_id("pick-line").evaluate_all("els => els.map(e => e.dataset.spot)")
    assert spots == sorted(spots, key=lambda s: s != "true"), spots

    # 2. 30 bursts of codes not on the list, sent with no input focused: 30 results.
    for i in range(30):
        junk = f"ZZ{i:02d}X{i * 7919 % 10000:04d}"
        _wedge(page, junk, "Tab" if i % 5 == 0 else "Enter")
        _result(page, junk, "wrong")

    # 3. Pick one unit of each of a and b by wedge scan (open and verify when unmarked).
    for sku in (a, b):
        row = _line(page, sku)
        before = int(row.get_attribute("data-picked") or "0")
        _wedge(page, sku)
        banner = page.locator(f'[data-testid=scan-result][data-code="{sku}"]')
        expect(banner).to_have_attribute("data-kind", re.compile("ok|verify|exceeded"))
        if banner.get_attribute("data-kind") == "verify":
            page.get_by_test_id("pick-verify").click()
            expect(banner).to_have_attribute("data-kind", re.compile("ok|exceeded"))
        expect(row).to_have_attribute("data-picked", str(before + 1))
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "pick-list-zh-CN-360x640.png"))

    # 4. c is missing from its bin: a shortage notice of 1 unit.
    row = _line(page, c)
    row.scroll_into_view_if_needed()
    row.get_by_test_id("pick-short").click()
    row.get_by_test_id("short-qty").fill("1")
    page.screenshot(path=str(SHOTS / "pick-shortage-form-zh-CN-360x640.png"))
    row.get_by_test_id("short-submit").click()
    _result(page, c, "shortage")
    expect(row).to_have_attribute("data-short", "1")
    pending = picker.pending()
    assert pending >= len(wave_orders) + 3, pending

    # 5. Reload, still offline: the same wave, the same counts, nothing lost.
    picked = {s: _line(page, s).get_attribute("data-picked") for s in (a, b)}
    page.reload()
    expect(page.get_by_test_id("pick-screen")).to_have_attribute("data-wave", code)
    expect(page.get_by_test_id("net-status")).to_have_attribute("data-online", "false")
    for s, n in picked.items():
        expect(_line(page, s)).to_have_attribute("data-picked", n or "")
    expect(_line(page, c)).to_have_attribute("data-short", "1")
    expect(page.get_by_test_id("sync-pending")).to_have_attribute("data-count", str(pending))

    # 6. Online: everything reaches the server.
    picker.offline(False)
    expect(page.get_by_test_id("sync-pending")).to_have_attribute(
        "data-count", "0", timeout=SYNC_MS
    )
    kinds = _server_ops(demo_database, "K001", wave_orders)
    assert kinds.get("pick.sign") == len(wave_orders), kinds
    assert kinds.get("pick.line_picked") == 2 and kinds.get("pick.shortage", 0) >= 1, kinds
    sheet = httpx.get(f"{base}/api/waves/{code}/handoffs", headers=printer).json()
    signed = [h for h in sheet if h["received_by"] == "K001"]
    assert len(signed) == 1 and signed[0]["order_count"] == len(wave_orders), sheet

    # 7. Customer service sees the order in the shortage basket.
    agent = phones("C001")
    agent.go("#/orders?filter=shortage")
    expect(agent.page.locator(f'[data-testid=order-row][data-eid="{mine[1]}"]')).to_be_visible(
        timeout=SYNC_MS
    )
    agent.page.screenshot(path=str(SHOTS / "cs-shortage-basket-zh-CN-360x640.png"))
    agent.page.locator(f'[data-testid=order-row][data-eid="{mine[1]}"]').click()
    expect(agent.page.get_by_test_id("order-shortage")).to_contain_text(c)
    agent.page.screenshot(path=str(SHOTS / "cs-order-shortage-zh-CN-360x640.png"))
