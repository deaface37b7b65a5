"""The exception desk: a duplicate scan from two handhelds is resolved on the desktop, and
it leaves the queue on the phone too, which was offline meanwhile (fault proxy)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, expect
from support.demo_data import own_demo

Phone = Any  # tests/browser/conftest.py: Phone
SHOTS = Path("/tmp/shots-desk")
CONVERGE_MS = 15_000


# This module's own demo and server: the test ends with an empty queue on the desk, which
# other modules' exceptions on the shared demo would fill.
demo_database, served_demo, enrolment_code = own_demo("desk")


def test_resolve_on_the_desktop_leaves_the_queue_on_the_phone(
    phones: Callable[..., Phone],
    browser: Browser,
    phone_on: Callable[..., Phone],
    enrolment_code: Callable[[], str],
) -> None:
    SHOTS.mkdir(exist_ok=True)
    picker = phones("K001")
    manager = phones("M001")
    tracking, eid = picker.ready_parcels(1)[0]
    picker.scan_out(tracking)
    # The manager's handheld has heard of that scan (pushed, poked, pulled): under load this
    # takes a moment, and a phone that has not would rightly take the label as a fresh parcel.
    expect(picker.page.get_by_test_id("sync-pending")).to_have_attribute(
        "data-count", "0", timeout=CONVERGE_MS
    )
    manager.go(f"#/order/{eid}")
    expect(manager.page.get_by_test_id("order-status")).to_have_attribute(
        "data-status", "shipped", timeout=CONVERGE_MS
    )
    # The same parcel on a second handheld: refused on the spot, recorded, and a
    # duplicate_scan exception for the desk.
    manager.go("#/scan")
    manager.page.get_by_test_id("scan-input").fill(tracking)
    manager.page.get_by_test_id("scan-input").press("Enter")
    result = manager.page.locator(f'[data-testid=scan-result][data-tracking="{tracking}"]')
    expect(result).to_have_attribute("data-kind", "already")
    picker.go("#/ledger")
    mine = picker.page.get_by_test_id("ledger-exceptions")
    expect(mine).to_have_attribute("data-count", "1", timeout=CONVERGE_MS)

    # The manager's handheld shows the desk at 360x640 too (screenshots looked at).
    manager.go("#/exceptions")
    expect(manager.page.get_by_test_id("desk-row")).to_have_count(1, timeout=CONVERGE_MS)
    exc_id = manager.page.get_by_test_id("desk-row").get_attribute("data-id") or ""
    manager.shot(SHOTS / "desk-list-zh-CN-360x640.png")
    manager.page.get_by_test_id("desk-row").click()
    expect(manager.page.get_by_test_id("desk-resolve")).to_be_visible()
    manager.shot(SHOTS / "desk-detail-open-zh-CN-360x640.png")

    # The exception handler's desktop (a wide window, same app).
    desktop = phone_on(browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN"))
    try:
        desktop.join(enrolment_code(), "E001")
        desktop.go("#/exceptions")
        row = desktop.page.locator("[data-testid=desk-row][data-kind=duplicate_scan]")
        expect(row).to_have_count(1, timeout=CONVERGE_MS)
        picker.offline(True)  # the phone loses signal while the desk works
        row.click()
        detail = desktop.page.get_by_test_id("desk-detail")
        expect(detail).to_have_attribute("data-state", "open")
        # Both sides' facts, by name: 王建国 (K001) and 黄经理 (M001).
        expect(detail.get_by_test_id("desk-fact")).to_have_count(2)
        expect(detail).to_contain_text("王建国")
        expect(detail).to_contain_text("黄经理")
        desktop.page.get_by_test_id("desk-assign-me").click()
        desktop.page.get_by_test_id("desk-text").fill("只发出一个包裹，另一次是重复扫描")
        desktop.page.get_by_test_id("desk-notify").click()
        expect(detail.get_by_test_id("desk-event")).to_have_count(2)
        desktop.page.get_by_test_id("desk-outcome").select_option("accept")
        desktop.page.get_by_test_id("desk-resolve").click()
        expect(detail).to_have_attribute("data-state", "resolved")
        expect(detail.get_by_test_id("desk-resolved")).to_contain_text("郑洁")
        expect(desktop.page.get_by_test_id("sync-pending")).to_have_attribute(
            "data-count", "0", timeout=CONVERGE_MS
        )
        desktop.go("#/exceptions")
        expect(desktop.page.get_by_test_id("desk-list")).to_have_attribute("data-count", "0")
    finally:
        desktop.context.close()

    # Still offline, the phone's queue is as it was; back online, it leaves there too.
    expect(mine).to_have_attribute("data-count", "1")
    picker.offline(False)
    expect(mine).to_have_attribute("data-count", "0", timeout=CONVERGE_MS + 20_000)
    manager.go("#/exceptions")
    expect(manager.page.get_by_test_id("desk-list")).to_have_attribute(
        "data-count", "0", timeout=CONVERGE_MS
    )
    manager.go(f"#/exceptions/{exc_id}")
    expect(manager.page.get_by_test_id("desk-detail")).to_have_attribute("data-state", "resolved")
    manager.page.screenshot(
        path=str(SHOTS / "desk-detail-resolved-zh-CN-360x640.png"), full_page=True
    )
    assert eid
