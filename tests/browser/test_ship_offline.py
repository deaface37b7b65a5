"""An offline shipping shift on 360x640 handhelds (issue 12): scan-out stopped for each
error kind, a crate handed to the packer and signed on the packer's phone, a carrier's batch
confirmed on count and picked up by the courier scanning its manifest, a reload offline;
back online everything syncs and the exceptions are on the server."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from support.demo_data import own_demo
from support.office_api import api, desk_session

Phone = Any  # tests/browser/conftest.py: Phone
SYNC_MS = 20_000


# This module's own demo and server: confirming a carrier's batch turns every labelled but
# unscanned order of that carrier into a ship_failed exception, which other modules'
# parcels must not inherit.
demo_database, served_demo, enrolment_code = own_demo("ship")


def _scan(phone: Phone, code: str) -> None:
    box = phone.page.get_by_test_id("scan-input")
    box.fill(code)
    box.press("Enter")


def _result(phone: Phone, tracking: str, kind: str) -> None:
    result = phone.page.locator(f'[data-testid=scan-result][data-tracking="{tracking}"]')
    expect(result).to_have_attribute("data-kind", kind)


def _server(database_url: str, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    path = database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return list(db.execute(sql, args).fetchall())


def test_offline_shipping_shift(
    phones: Callable[..., Phone],
    enrolment_code: Callable[[], str],
    served_demo: str,
    demo_database: str,
    artifacts: Path,
) -> None:
    shipper, packer, courier = phones("K001"), phones("B001"), phones("D001")
    shipper.shot(artifacts / "ship-home-picker-zh-CN-360x640.png")
    packer.shot(artifacts / "ship-home-packer-zh-CN-360x640.png")
    parcels = shipper.ready_parcels(16)[10:]  # not the first rows, which other tests take
    (ok_t, ok_e), (hold_t, hold_e), (cancel_t, cancel_e), (void_t, void_e) = parcels[:4]
    (wrong_t, wrong_e), (short_t, short_e) = parcels[4:]

    # Customer service holds one order and cancels another, a printer voids a third label;
    # the shipper's phone hears of it before the network goes.
    cs = desk_session(served_demo, enrolment_code(), "C001")
    printer = desk_session(served_demo, enrolment_code(), "P001")
    api(served_demo, f"/api/orders/{hold_e}/hold", {"reason": "客户要求暂缓"}, cs)
    api(served_demo, f"/api/orders/{cancel_e}/cancel", {"reason": "客户取消"}, cs)
    api(served_demo, f"/api/orders/{void_e}/void", {"tracking": void_t, "reason": "破损"}, printer)
    shipper.go(f"#/order/{void_e}")
    expect(shipper.page.locator("[data-testid=order-label][data-state=voided]")).to_be_visible(
        timeout=SYNC_MS
    )
    shipper.go(f"#/order/{cancel_e}")
    expect(shipper.page.get_by_test_id("order-status")).to_have_attribute(
        "data-status", "cancelled", timeout=SYNC_MS
    )
    shipper.go(f"#/order/{hold_e}")
    expect(shipper.page.get_by_test_id("order-hold")).to_be_visible(timeout=SYNC_MS)

    for phone in (shipper, packer, courier):
        phone.offline(True)

    # Scan-out, never forced: one good parcel, then each way a parcel is stopped.
    shipper.go("#/scan")
    _scan(shipper, ok_t)
    shipper.shot(artifacts / "ship-scan-items-zh-CN-360x640.png")
    shipper.pack(ok_t)
    expect(shipper.page.get_by_test_id("scan-result")).to_contain_text("出库成功")
    for tracking, kind in ((ok_t, "already"), (hold_t, "hold"), (cancel_t, "cancelled")):
        _scan(shipper, tracking)
        _result(shipper, tracking, kind)
    _scan(shipper, void_t)
    _result(shipper, void_t, "voided")
    _scan(shipper, wrong_t)
    _result(shipper, wrong_t, "wait-items")
    _scan(shipper, "6999999999990")  # a product this order does not have
    _result(shipper, wrong_t, "wrong_item")
    shipper.shot(artifacts / "ship-scan-wrong-item-zh-CN-360x640.png")
    _scan(shipper, short_t)
    shipper.page.get_by_test_id("stop-short").click()
    _result(shipper, short_t, "quantity")
    expect(shipper.page.get_by_text("强制")).to_have_count(0)  # no force button, anywhere

    # A crate order handed to the packer (a scan here), signed on the packer's phone.
    shipper.go("#/crates")
    row = shipper.page.get_by_test_id("crate-row").first
    expect(row).to_be_visible()
    crate_e = row.get_attribute("data-eid") or ""
    crate_no = row.locator("button").inner_text()
    shipper.page.get_by_test_id("crate-packer").fill("B001")
    shipper.page.get_by_test_id("crate-scan").fill(crate_no)
    shipper.page.get_by_test_id("crate-scan").press("Enter")
    shipper.page.get_by_test_id("crate-handoff").click()
    expect(
        shipper.page.locator(f'[data-testid=crate-row][data-eid="{crate_e}"]')
    ).to_have_attribute("data-state", "handed")
    shipper.shot(artifacts / "ship-crates-zh-CN-360x640.png")
    shipper.page.screenshot(path=str(artifacts / "ship-crates-full-zh-CN-360.png"), full_page=True)
    packer.go("#/crates")
    packer.page.get_by_test_id("crate-scan").fill(crate_no)
    packer.page.get_by_test_id("crate-scan").press("Enter")
    packer.page.get_by_test_id("crate-sign").click()
    expect(packer.page.get_by_test_id("crate-msg")).to_contain_text("已记录")
    packer.shot(artifacts / "ship-crates-packer-zh-CN-360x640.png")

    # The batch of the good parcel's carrier: refused on a wrong count, confirmed on the right.
    shipper.go("#/ship")
    chips = shipper.page.get_by_test_id("ship-carrier")
    expect(chips.first).to_be_visible()
    # The good parcel's carrier: other browser modules share this server and may have
    # scanned out parcels of the same carrier today, so its count is read, not assumed 1.
    ours = shipper.page.locator(f'[data-testid=ship-parcel][data-eid="{ok_e}"]')
    for i in range(chips.count()):
        chips.nth(i).click()
        if ours.count():
            break
    expect(ours).to_be_visible()
    carrier = chips.nth(i).get_attribute("data-carrier") or ""
    scanned = int(shipper.page.get_by_test_id("ship-scanned").inner_text())
    shipper.page.get_by_test_id("ship-count").fill(str(scanned + 1))
    shipper.page.get_by_test_id("ship-confirm").click()
    expect(shipper.page.get_by_test_id("ship-msg")).to_have_attribute("data-ok", "false")
    shipper.page.get_by_test_id("ship-count").fill(str(scanned))
    shipper.page.get_by_test_id("ship-confirm").click()
    expect(shipper.page.get_by_test_id("ship-msg")).to_have_attribute("data-ok", "true")
    manifest = shipper.page.get_by_test_id("manifest")
    expect(manifest.locator("svg")).to_be_visible()
    text = manifest.get_attribute("data-text") or ""
    assert text.startswith("PLM1|") and ok_e in text, text
    shipper.shot(artifacts / "ship-batch-zh-CN-360x640.png")
    shipper.page.screenshot(path=str(artifacts / "ship-batch-full-zh-CN-360.png"), full_page=True)

    # The courier, offline too, scans the manifest on the shipper's screen.
    courier.go("#/ship")
    courier.page.get_by_test_id("pickup-scan").fill(text)
    courier.page.get_by_test_id("pickup-scan").press("Enter")
    expect(courier.page.get_by_test_id("pickup-msg")).to_have_attribute("data-ok", "true")
    courier.shot(artifacts / "ship-pickup-courier-zh-CN-360x640.png")

    # A reload while offline lands on the same screen with everything still pending.
    pending = shipper.pending()
    assert pending >= 10, pending
    shipper.page.reload()
    expect(shipper.page.get_by_test_id("ship-screen")).to_be_visible()
    expect(shipper.page.get_by_test_id("sync-pending")).to_have_attribute(
        "data-count", str(pending)
    )

    for phone in (shipper, packer, courier):
        phone.offline(False)
    for phone in (shipper, packer, courier):
        expect(phone.page.get_by_test_id("sync-pending")).to_have_attribute(
            "data-count", "0", timeout=SYNC_MS
        )

    # On the server: one shipment, each stop an open exception, both sides of the pickup.
    kinds = {
        (eid, kind)
        for eid, kind in _server(
            demo_database, "SELECT eid, kind FROM sync_exception WHERE resolved_at IS NULL"
        )
    }
    for eid, kind in (
        (ok_e, "duplicate_scan"),
        (hold_e, "order_on_hold"),
        (cancel_e, "order_cancelled"),
        (void_e, "voided_label_scan"),
        (wrong_e, "wrong_item"),
        (short_e, "quantity_mismatch"),
    ):
        assert (eid, kind) in kinds, (eid, kind)
    [(raw,)] = _server(demo_database, "SELECT state FROM sync_entity WHERE eid = ?", ok_e)
    ship = json.loads(raw)["ship"]
    assert list(ship["scanned"]) == [ok_t]
    assert ship["batch"]["carrier"] == carrier and ship["batch"]["actor"] == "K001"
    assert ship["pickup"]["method"] == "qr" and ship["pickup"]["actor"] == "D001"
    [(raw,)] = _server(demo_database, "SELECT state FROM sync_entity WHERE eid = ?", crate_e)
    crate = json.loads(raw)["ship"]["crate"]
    assert crate["handoff"]["packer"] == "B001" and crate["signed"]["actor"] == "B001"

    # Leave the shared demo as other tests expect it: the hold released, a live label again.
    api(served_demo, f"/api/orders/{hold_e}/release", {"reason": "已确认"}, cs)
    api(served_demo, f"/api/orders/{void_e}/reprint", {"reason": "补打"}, printer)

    # The shipper's phone, synced: the carrier's day adds up, with the courier's confirmation.
    shipper.go("#/ship")
    recon = shipper.page.locator(f'[data-testid=recon-row][data-carrier="{carrier}"]')
    expect(recon).to_be_visible(timeout=SYNC_MS)
    # scanned, handed and confirmed once the courier's pickup reached this phone too
    expect(recon).to_have_attribute(
        "data-counts", re.compile(r"^[1-9]\d*,[1-9]\d*,[1-9]\d*,[1-9]\d*$"), timeout=SYNC_MS
    )
    printed, scanned, _handed, _confirmed = (
        int(x) for x in (recon.get_attribute("data-counts") or "").split(",")
    )
    assert printed >= scanned
    expect(manifest).to_have_count(0)  # a reload forgets the shown manifest; the facts stay
    shipper.page.get_by_test_id("recon").scroll_into_view_if_needed()
    shipper.shot(artifacts / "ship-recon-zh-CN-360x640.png")
