"""A lost phone revoked by a manager in the web app: refused from then on, nothing lost.

What it synced before stays on the server; what it had not synced stays on the phone,
listed on its "revoked" screen, across reloads. Never dropped, never half-pushed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

Phone = Any  # tests/browser/conftest.py: Phone (conftest modules are not importable)
SYNC_MS = 15_000


def test_manager_revokes_a_phone_in_one_go(
    phones: Callable[..., Phone], server_ops: Callable[..., dict[str, int]], artifacts: Path
) -> None:
    picker = phones("K002", locale="en-US")
    manager = phones("M001")
    (synced_tracking, synced_eid), (unsynced_tracking, _) = picker.ready_parcels(2)

    # One scan reaches the server; the next is made offline and waits in the outbox.
    synced = picker.scan_out(synced_tracking)
    expect(picker.page.get_by_test_id("sync-pending")).to_have_attribute(
        "data-count", "0", timeout=SYNC_MS
    )
    assert server_ops(synced) == {synced: 1}
    picker.offline(True)
    unsynced = picker.scan_out(unsynced_tracking)
    expect(picker.page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "1")
    device = unsynced.split(":")[0]

    # The manager finds the phone in the office's device list and revokes it.
    manager.go("#/office")
    manager.page.get_by_test_id("office-tab-devices").click()
    row = manager.page.locator(f'[data-testid=device-row][data-device="{device}"]')
    expect(row).to_have_attribute("data-state", "active")
    own = manager.page.locator("[data-testid=device-row]", has=manager.page.locator(".pill-synced"))
    expect(own).to_have_count(1)
    expect(own.get_by_test_id("device-revoke")).to_have_count(0)  # not its own device
    row.get_by_test_id("device-revoke").click()
    expect(row.get_by_test_id("device-revoke-dialog")).to_be_visible()
    manager.page.screenshot(
        path=str(artifacts / "devices-revoke-confirm-zh-CN-360x640.png"), full_page=True
    )
    row.get_by_test_id("device-revoke-confirm").click()
    expect(row).to_have_attribute("data-state", "revoked")
    manager.shot(artifacts / "devices-revoked-zh-CN-360x640.png")

    # The phone comes back online: its next push is refused and it says so.
    picker.offline(False)
    page = picker.page
    expect(page.get_by_test_id("revoked")).to_be_visible(timeout=SYNC_MS)
    expect(page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "1")
    pending = page.get_by_test_id("ledger-pending")
    expect(pending).to_have_attribute("data-count", "1")
    item = pending.locator(f'[data-testid=ledger-item][data-op="{unsynced}"]')
    expect(item).to_contain_text(unsynced_tracking)
    page.screenshot(path=str(artifacts / "revoked-en-360x640.png"), full_page=True)
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.screenshot(path=str(artifacts / "revoked-zh-CN-360x640.png"), full_page=True)

    # The server kept what the phone synced before, and took nothing after the revocation.
    assert server_ops(synced, unsynced) == {synced: 1, unsynced: 0}
    manager.go(f"#/order/{synced_eid}")
    expect(manager.page.get_by_test_id("order-status")).to_have_attribute("data-status", "shipped")

    # Never dropped: a reload (still revoked, still online) shows the same unsynced op.
    page.reload()
    expect(page.get_by_test_id("revoked")).to_be_visible()
    expect(page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "1")
    expect(page.get_by_test_id("ledger-pending")).to_have_attribute("data-count", "1")
    expect(page.locator(f'[data-testid=ledger-item][data-op="{unsynced}"]')).to_be_visible()
    # "Check again" asks the server, which still refuses the device: nothing changes.
    page.get_by_test_id("revoked-check").click()
    expect(page.get_by_test_id("revoked")).to_be_visible()
    expect(page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "1")
    assert server_ops(unsynced) == {unsynced: 0}
