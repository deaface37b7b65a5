"""Two tabs of the app on one phone: one syncs, both show the same data, and when the
syncing tab closes the other takes over. Nothing is pushed twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

Phone = Any  # tests/browser/conftest.py: Phone (conftest modules are not importable)
SYNC_MS = 10_000


def _sync_calls(page: Page) -> list[str]:
    """Paths of /api/sync requests this tab itself makes (a worker's are not the tab's)."""
    calls: list[str] = []
    page.on(
        "request",
        lambda r: (
            calls.append(r.url.split("?")[0].split("/api/sync/")[1])
            if "/api/sync/" in r.url
            else None
        ),
    )
    return calls


def test_one_tab_syncs_both_see_the_data_and_the_other_takes_over(
    phones: Callable[..., Phone],
    phone_on: Callable[..., Phone],
    server_ops: Callable[..., dict[str, int]],
    artifacts: Path,
) -> None:
    first = phones("K001")  # enrolled and signed in: this tab holds the sync lock
    [(parcel_a, order_a), (parcel_b, order_b)] = first.ready_parcels(2)
    first_calls = _sync_calls(first.page)

    second = phone_on(first.context, first.lane)  # a second tab of the same phone
    second_calls = _sync_calls(second.page)
    second.page.goto(first.base)
    expect(second.page.get_by_test_id("home")).to_be_visible()

    # An op recorded in the second tab is pushed once, by the first (the leader).
    op_a = second.scan_out(parcel_a)
    expect(second.page.get_by_test_id("sync-pending")).to_have_attribute(
        "data-count", "0", timeout=SYNC_MS
    )
    assert server_ops(op_a) == {op_a: 1}
    assert "push" in first_calls
    assert not {"push", "pull", "stream"} & set(second_calls), second_calls

    # The first tab shows what the second one did, without reloading.
    first.go(f"#/order/{order_a}")
    expect(first.page.get_by_test_id("order-status")).to_have_attribute(
        "data-status", "shipped", timeout=SYNC_MS
    )
    first.shot(artifacts / "two-tabs-leader-sees-follower-scan-zh-CN-360x640.png")

    # The syncing tab closes: the other one takes the lock and syncs from now on.
    first.page.close()
    op_b = second.scan_out(parcel_b)
    expect(second.page.get_by_test_id("sync-pending")).to_have_attribute(
        "data-count", "0", timeout=SYNC_MS
    )
    assert server_ops(op_a, op_b) == {op_a: 1, op_b: 1}
    assert "push" in second_calls and "stream" in second_calls, second_calls
    second.go(f"#/order/{order_b}")
    expect(second.page.get_by_test_id("order-status")).to_have_attribute("data-status", "shipped")
    second.shot(artifacts / "two-tabs-follower-took-over-zh-CN-360x640.png")
    assert not second.errors, second.errors
