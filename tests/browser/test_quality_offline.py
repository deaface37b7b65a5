"""Receiving, inspection, the spot check, the defect area and a stock count on two offline
handhelds (issue 14), 360x640 in zh-CN, offline through the fault proxy.

The QC phone receives a receipt offline, reloads (the hash route survives), spot-checks a
drawn SKU and syncs. Both phones go offline: the manager's inspection of the receipt fails
and moves a unit to the defect area while the QC phone counts the same location. The count
reaches the server first (a difference of -1: the move is not there yet); when the move
arrives it sorts before the count, so the difference disappears instead of being counted
twice. A real shortage found by a second count is accepted by the manager, and the defect
is returned to the supplier. The server's op log, folded by the core, has the right books.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from support.chromium import PHONE_CONTEXT

from sync import decode_json, materialise

Phone = Any  # tests/browser/conftest.py: Phone
CONVERGE_MS = 15_000
SHOTS = Path("/tmp/shots-qc")
SKU, LOC = "QCT-1", "Q-01"


def _zone_at_ten() -> str:
    """A time zone where it is about 10:00 now, so the receipt is before the 18:00 cut-off
    whatever time the suite runs (Etc/GMT-N is UTC+N)."""
    off = 10 - datetime.now(UTC).hour
    off = off - 24 if off > 14 else off + 24 if off < -12 else off
    return "Etc/GMT" if off == 0 else f"Etc/GMT{'-' if off > 0 else '+'}{abs(off)}"


@pytest.fixture
def warehouse_at_ten(demo_database: str) -> Iterator[str]:
    """SH01's zone set to one where it is about 10:00 for this test (the receiving cut-off is
    18:00 warehouse time), then put back for the other tests sharing the served demo."""
    zone = _zone_at_ten()
    path = demo_database.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as db:
        (old,) = db.execute("SELECT timezone FROM warehouse WHERE code = 'SH01'").fetchone()
        db.execute("UPDATE warehouse SET timezone = ? WHERE code = 'SH01'", (zone,))
        db.commit()
    try:
        yield zone
    finally:
        with closing(sqlite3.connect(path)) as db:
            db.execute("UPDATE warehouse SET timezone = ? WHERE code = 'SH01'", (old,))
            db.commit()


@pytest.fixture
def qc_phones(
    browser: Browser,
    phone_on: Callable[..., Phone],
    enrolment_code: Callable[[], str],
    warehouse_at_ten: str,
) -> Iterator[Callable[[str], Phone]]:
    made: list[Phone] = []

    def make(employee_code: str) -> Phone:
        # the phones' own zone is another one: the screens go by the warehouse's
        ctx = browser.new_context(**PHONE_CONTEXT, locale="zh-CN", timezone_id="Asia/Shanghai")
        phone = phone_on(ctx)
        made.append(phone)
        return phone.join(enrolment_code(), employee_code)

    yield make
    for p in made:
        p.context.close()
    errors = [e for p in made for e in p.errors]
    assert not errors, f"uncaught errors in the page: {errors}"


def _shot(phone: Phone, name: str, artifacts: Path) -> None:
    SHOTS.mkdir(exist_ok=True)
    phone.page.screenshot(path=str(SHOTS / name), full_page=True)
    phone.page.screenshot(path=str(artifacts / name))


def _no_overflow(page: Page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 360, f"the page is {wide}px wide on a 360px screen"


def _synced(phone: Phone) -> None:
    try:
        expect(phone.page.get_by_test_id("sync-pending")).to_have_attribute(
            "data-count", "0", timeout=CONVERGE_MS
        )
    except AssertionError:
        phone.go("#/ledger")
        phone.page.wait_for_timeout(1000)
        print("LEDGER", phone.page.inner_text("body"))
        raise


def _count(phone: Phone, qty: int) -> None:
    page = phone.page
    phone.go("#/count")
    page.get_by_test_id("count-loc").fill(LOC)
    page.get_by_test_id("count-sku").fill(SKU)
    page.get_by_test_id("count-qty").fill(str(qty))
    page.get_by_test_id("count-submit").click()
    expect(page.get_by_test_id("stk-notice")).to_contain_text(f"{SKU} @ {LOC} = {qty}")


def _diffs(phone: Phone) -> list[str]:
    phone.go("#/count")
    rows = phone.page.get_by_test_id("count-diff")
    return [rows.nth(i).get_attribute("data-diff") or "" for i in range(rows.count())]


def _books(database_url: str) -> dict[str, Any]:
    """The server's op log folded by the core: what the books say."""
    path = database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        rows = db.execute(
            "SELECT op_json FROM op_log WHERE entity_id LIKE ?", (f"SH01:{SKU}%",)
        ).fetchall()
    stock: dict[str, Any] = materialise([decode_json(r[0].encode()) for r in rows])["stock"]
    return stock


def test_receive_inspect_spot_check_and_count_offline(
    qc_phones: Callable[[str], Phone], artifacts: Path, demo_database: str
) -> None:
    qc = qc_phones("Q001")  # 吴敏, QC
    mgr = qc_phones("M001")  # 黄经理, manager

    # The QC phone opens the inspection list online once: the catalogue is cached.
    qc.go("#/qc")
    expect(qc.page.get_by_test_id("qc-item").first).to_be_visible(timeout=CONVERGE_MS)
    qc.offline(True)

    # 1. Receive offline: expected 3, two scanned is short by one, the third makes it right.
    qc.go("#/receive")
    page = qc.page
    page.get_by_test_id("receive-supplier").fill("华东五金")
    page.get_by_test_id("receive-lines").fill(f"{SKU} 3")
    page.get_by_test_id("receive-start").click()
    line = page.locator(f'[data-testid=receive-line][data-sku="{SKU}"]')
    for _ in range(2):
        page.get_by_test_id("receive-scan").fill(SKU)
        page.get_by_test_id("receive-scan").press("Enter")
    expect(line).to_have_attribute("data-off", "-1")
    expect(line).to_contain_text("短收 1")
    _shot(qc, "receive-short-zh-CN-360x640.png", artifacts)
    page.get_by_test_id("receive-scan").fill(SKU)
    page.get_by_test_id("receive-scan").press("Enter")
    expect(line).to_have_attribute("data-off", "0")
    page.get_by_test_id("receive-loc").fill(LOC)
    page.get_by_test_id("receive-finish").click()
    expect(page.get_by_test_id("receive-uninspected")).to_contain_text(SKU)
    _no_overflow(page)
    _shot(qc, "receive-zh-CN-360x640.png", artifacts)

    # An offline reload keeps the route and the pending op.
    page.reload()
    expect(page.get_by_test_id("receive-screen")).to_be_visible()
    expect(page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "1")

    # 2. The spot check: the received SKU is on the list; a drawn SKU passes and is marked.
    qc.go("#/qc")
    expect(page.locator(f'[data-testid=qc-item][data-sku="{SKU}"]')).to_be_visible()
    drawn = page.locator(f'[data-testid=qc-item]:not([data-sku="{SKU}"])').first
    drawn_sku = drawn.get_attribute("data-sku") or ""
    drawn.locator("button.stk-head").click()
    drawn.get_by_test_id("qc-pass").click()
    done = page.locator(f'[data-testid=qc-item][data-sku="{drawn_sku}"]')
    expect(done).to_have_attribute("data-done", "pass")
    _no_overflow(page)
    _shot(qc, "qc-zh-CN-360x640.png", artifacts)

    qc.offline(False)
    _synced(qc)

    # 3. The manager has the receipt; both go offline.
    mgr.go("#/qc")
    item = mgr.page.locator(f'[data-testid=qc-item][data-sku="{SKU}"]')
    expect(item).to_be_visible(timeout=CONVERGE_MS)
    mgr.offline(True)
    qc.offline(True)

    # The manager's inspection fails on a measure out of tolerance: one unit to DEFECT.
    item.locator("button.stk-head").click()
    mgr.page.get_by_test_id("qc-value").fill("10.8")
    mgr.page.get_by_test_id("qc-target").fill("10")
    mgr.page.get_by_test_id("qc-tol").fill("0.5")
    expect(mgr.page.get_by_text("超出公差")).to_be_visible()
    expect(mgr.page.get_by_test_id("qc-pass")).to_be_disabled()
    mgr.page.get_by_test_id("qc-note").fill("尺寸偏大")
    _shot(mgr, "qc-inspect-fail-zh-CN-360x640.png", artifacts)
    mgr.page.get_by_test_id("qc-fail").click()
    expect(item).to_have_attribute("data-done", "fail")

    # Meanwhile the QC phone counts the location: 2 units are physically there.
    _count(qc, 2)
    _no_overflow(qc.page)
    _shot(qc, "count-zh-CN-360x640.png", artifacts)

    # 4. The count syncs first: without the move, the books say 3, a difference of -1.
    qc.offline(False)
    _synced(qc)
    assert _diffs(qc) == ["-1"]
    # 5. The move arrives: it sorts before the count, so books and shelf agree.
    mgr.offline(False)
    _synced(mgr)
    for phone in (qc, mgr):
        phone.go("#/count")
        expect(phone.page.get_by_test_id("count-diff")).to_have_count(0, timeout=CONVERGE_MS)
    # The day's inspection report: the spot-check pass and the failure.
    mgr.go("#/qc")
    report = mgr.page.get_by_test_id("qc-report")
    expect(report).to_have_attribute("data-total", "2", timeout=CONVERGE_MS)
    expect(report).to_contain_text("尺寸偏大")
    report.scroll_into_view_if_needed()
    mgr.page.screenshot(path=str(SHOTS / "qc-report-zh-CN-360x640.png"))
    books = _books(demo_database)
    assert books[f"SH01:{SKU}@{LOC}"]["on_hand"] == 2
    assert books[f"SH01:{SKU}@DEFECT"]["on_hand"] == 1
    assert books[f"SH01:{SKU}@{LOC}"]["counts"][0]["status"] == "matched"

    # 6. A real shortage: the next count finds 1; the manager accepts the difference.
    _count(qc, 1)
    _synced(qc)
    mgr.go("#/count")
    diff = mgr.page.get_by_test_id("count-diff")
    expect(diff).to_have_attribute("data-diff", "-1", timeout=CONVERGE_MS)
    _shot(mgr, "count-diffs-zh-CN-360x640.png", artifacts)
    expect(mgr.page.get_by_test_id("count-delist")).not_to_contain_text(drawn_sku)
    diff.get_by_test_id("count-accept").click()
    expect(mgr.page.get_by_test_id("count-diff")).to_have_count(0)

    # 7. The defect goes back to the supplier, with its return note.
    mgr.go("#/defects")
    defect = mgr.page.locator(f'[data-testid=defect][data-eid="SH01:{SKU}@DEFECT"]')
    expect(defect).to_have_attribute("data-qty", "1")
    _no_overflow(mgr.page)
    _shot(mgr, "defects-zh-CN-360x640.png", artifacts)
    defect.get_by_test_id("defect-return").click()
    expect(mgr.page.get_by_test_id("return-doc")).to_contain_text("退货单")
    expect(defect).to_have_count(0)
    _shot(mgr, "defects-returned-zh-CN-360x640.png", artifacts)
    _synced(mgr)

    books = _books(demo_database)
    assert books[f"SH01:{SKU}@{LOC}"]["on_hand"] == 1  # 帐实相符: the shelf holds 1
    assert books[f"SH01:{SKU}@DEFECT"]["on_hand"] == 0
    assert [c["status"] for c in books[f"SH01:{SKU}@{LOC}"]["counts"]] == ["matched", "accepted"]
    assert books[f"SH01:{SKU}"]["qc"]["mark"] is False  # failed: no spot-check mark
