"""Two offline phones scan out the same parcel: nothing is lost, both converge, the office sees it.

Two browser contexts are two devices (own IndexedDB, service worker, outbox, network).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

Phone = Any  # tests/browser/conftest.py: Phone (conftest modules are not importable)
CONVERGE_MS = 10_000


def _scan_typed(page: Page, tracking: str) -> None:
    """Typed into the big input and confirmed with Enter (or the button)."""
    page.get_by_test_id("scan-input").fill(tracking)
    page.get_by_test_id("scan-input").press("Enter")


def _scan_wedge(page: Page, tracking: str) -> None:
    """A keyboard-wedge scanner: fast keystrokes ending in Enter, wherever the focus is."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.type(tracking, delay=5)
    page.keyboard.press("Enter")


def _events(page: Page) -> list[str]:
    rows = page.get_by_test_id("order-event")
    return [rows.nth(i).get_attribute("data-op") or "" for i in range(rows.count())]


def test_same_parcel_scanned_out_on_two_offline_phones(
    phones: Callable[..., Phone], artifacts: Path, demo_database: str
) -> None:
    picker = phones("K001")  # 王建国, picker
    manager = phones("M001")  # 黄经理, manager: may scan out and sees the office queue

    # A labelled parcel waiting to ship, as the picker's phone knows it.
    picker.go("#/orders?filter=toShip")
    row = picker.page.get_by_test_id("order-row").first
    expect(row).to_be_visible()
    tracking = row.get_attribute("data-tracking") or ""
    eid = row.get_attribute("data-eid") or ""
    assert tracking and eid

    # Events the order already has: other browser modules share this server and may have
    # scanned it before (a stopped scan-out is an event too), so count from here.
    picker.go(f"#/order/{eid}")
    expect(picker.page.get_by_test_id("order-status")).to_be_visible()
    prior = _events(picker.page)
    before = len(prior)

    # 1. Both go offline.
    picker.offline(True)
    manager.offline(True)

    # 2. Both scan the same parcel out. Each phone alone sees a clean scan-out.
    picker.go("#/scan")
    _scan_typed(picker.page, tracking)
    picker.pack(tracking)  # every item and the packing slip: scan-out is never forced
    expect(picker.page.get_by_test_id("scan-result")).to_have_attribute("data-kind", "ok")
    expect(picker.page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "1")
    picker.shot(artifacts / "scan-ok-offline-zh-CN-360x640.png")

    manager.go("#/scan")
    expect(manager.page.get_by_test_id("scan-input")).to_be_visible()
    _scan_wedge(manager.page, tracking)
    manager.pack(tracking, wedge=True)
    expect(manager.page.get_by_test_id("scan-result")).to_have_attribute("data-kind", "ok")
    expect(manager.page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "1")

    # 3. One reloads while still offline: its pending op is still there.
    manager.page.reload()
    expect(manager.page.get_by_test_id("app-shell")).to_be_visible()
    expect(manager.page.get_by_test_id("net-status")).to_have_attribute("data-online", "false")
    expect(manager.page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "1")
    manager.page.get_by_test_id("open-ledger").click()
    pending = manager.page.get_by_test_id("ledger-pending")
    expect(pending).to_have_attribute("data-count", "1")
    expect(pending.get_by_test_id("ledger-item")).to_have_attribute("data-kind", "parcel.scan_out")
    expect(pending).to_contain_text(tracking)
    manager.shot(artifacts / "ledger-pending-offline-zh-CN-360x640.png")

    # 4. Both go online.
    picker.offline(False)
    manager.offline(False)

    # 5. Both converge: nothing pending, the same order state and the same two scan events.
    for phone in (picker, manager):
        expect(phone.page.get_by_test_id("sync-pending")).to_have_attribute(
            "data-count", "0", timeout=CONVERGE_MS
        )
        phone.go(f"#/order/{eid}")
        expect(phone.page.get_by_test_id("order-status")).to_have_attribute(
            "data-status", "shipped"
        )
        expect(phone.page.get_by_test_id("order-events")).to_have_attribute(
            "data-count", str(before + 2), timeout=CONVERGE_MS
        )
        expect(phone.page.get_by_test_id("order-exception")).to_have_attribute(
            "data-kind", "duplicate_scan"
        )
    events = _events(picker.page)
    assert events == _events(manager.page)
    ours = [e for e in events if e not in prior]
    assert len({e.split(":")[0] for e in ours}) == 2, events  # one scan from each device
    picker.shot(artifacts / "order-converged-picker-zh-CN-360x640.png")

    # One shipment, not two: the server's fold kept the first scan only, and one exception.
    path = demo_database.removeprefix("sqlite:///")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        [(state,)] = db.execute("SELECT state FROM sync_entity WHERE eid = ?", (eid,)).fetchall()
        kinds = [k for (k,) in db.execute("SELECT kind FROM sync_exception WHERE eid = ?", (eid,))]
    assert list(json.loads(state)["ship"]["scanned"]) == [tracking]
    assert kinds.count("duplicate_scan") == 1  # (an earlier test may have stopped this parcel)

    # The conflict is on both devices' ledgers, with both sides' facts.
    for phone in (picker, manager):
        phone.go("#/ledger")
        exc = phone.page.locator(
            f'[data-testid=ledger-exception][data-kind=duplicate_scan][data-tracking="{tracking}"]'
        )
        expect(exc).to_be_visible(timeout=CONVERGE_MS)
        expect(exc.locator(".fact")).to_have_count(2)
    picker.shot(artifacts / "ledger-conflict-picker-zh-CN-360x640.png")

    # And in the office's queue, as the server derived it, within a few seconds.
    manager.go("#/office")
    office = manager.page.locator(
        f'[data-testid=office-exception][data-kind=duplicate_scan][data-tracking="{tracking}"]'
    )
    expect(office).to_be_visible(timeout=CONVERGE_MS)
    expect(office).to_contain_text("K001")
    expect(office).to_contain_text("M001")
    manager.shot(artifacts / "office-exceptions-zh-CN-360x640.png")

    # The picker's phone now refuses a third scan of the same parcel on the spot.
    picker.go("#/scan")
    _scan_typed(picker.page, tracking)
    expect(picker.page.get_by_test_id("scan-result")).to_have_attribute("data-kind", "already")
    picker.shot(artifacts / "scan-duplicate-zh-CN-360x640.png")
