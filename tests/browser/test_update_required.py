"""An older app against a newer server: the server answers 426 (protocol version), the phone
says "update required" in the user's language and keeps every pending op; once the server
takes its version again (here: the 426 stops, as after an update), the ops land, once.

The real server speaks the same 426 (server/sync/protocol.py, tests/server/sync/test_protocol.py)
but only to a client of another version, which this build is not: so a newer server is played
here by answering the sync routes with its 426; everything else is the real server and Chromium.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Route, expect

Phone = Any  # tests/browser/conftest.py: Phone (conftest modules are not importable)
SYNC_MS = 15_000
SYNC_ROUTES = "**/api/sync/{push,pull,bootstrap}*"


def refuse_version(route: Route) -> None:
    route.fulfill(
        status=426,
        content_type="application/json",
        body=json.dumps(
            {
                "status_code": 426,
                "detail": "this app speaks an old sync protocol: update it",
                "extra": {"error": "protocol_version", "client": 2, "supported": [99]},
            }
        ),
    )


def test_426_shows_update_required_and_keeps_every_pending_op(
    phones: Callable[..., Phone],
    server_ops: Callable[..., dict[str, int]],
    artifacts: Path,
) -> None:
    phone = phones("K001")
    page = phone.page
    parcels = phone.ready_parcels(2)
    phone.context.route(SYNC_ROUTES, refuse_version)

    ops = [phone.scan_out(tracking) for tracking, _ in parcels]
    banner = page.get_by_test_id("update-required")
    expect(banner).to_be_visible(timeout=SYNC_MS)
    expect(banner).to_have_attribute("data-pending", "2")
    expect(banner).to_contain_text("需要更新应用")
    expect(page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "2")
    phone.shot(artifacts / "update-required-zh-CN-360x640.png")
    page.get_by_test_id("sync-now").click()  # asked again: the same answer, nothing lost
    expect(banner).to_be_visible()

    # Nothing was rejected or dropped: both ops wait in the outbox, none on the server.
    phone.go("#/ledger")
    expect(page.get_by_test_id("ledger-pending")).to_have_attribute("data-count", "2")
    expect(page.get_by_test_id("ledger-rejected")).to_have_attribute("data-count", "0")
    assert server_ops(*ops) == dict.fromkeys(ops, 0)

    page.get_by_test_id("lang-switch").click()
    expect(banner).to_contain_text("Update required")
    phone.shot(artifacts / "update-required-en-360x640.png")
    page.get_by_test_id("lang-switch").click()

    # The server takes this version again (the updated app): the ops land, once each.
    phone.context.unroute(SYNC_ROUTES)
    page.reload()
    # Wait on the server, not on the badge: right after a reload the badge reads 0 until the
    # outbox is read back from IndexedDB, so "0" alone does not prove the ops landed.
    deadline = time.monotonic() + SYNC_MS / 1000
    while server_ops(*ops) != dict.fromkeys(ops, 1) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert server_ops(*ops) == dict.fromkeys(ops, 1)
    expect(page.get_by_test_id("sync-pending")).to_have_attribute(
        "data-count", "0", timeout=SYNC_MS
    )
    expect(banner).to_be_hidden()
