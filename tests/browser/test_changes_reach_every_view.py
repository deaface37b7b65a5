"""Customer service changes an order on the server; after the sync, every view on the phone
shows it: the order page, the order list, the scan banner and the office queue (issue 10's
stale state: the address changed on the server and the reprinted label, but the order page on
desktop and phone and the scan banner kept the old one).

One phone (the manager, who may scan out and sees the office queue) with four tabs open, one
per view, as a desk with several windows would; the leader tab pulls, the others re-read.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

Phone = Any  # tests/browser/conftest.py: Phone (conftest modules are not importable)
SYNC_S = 20.0
PIN = "1234"


def api(base: str, path: str, body: dict[str, Any] | None = None, token: str = "") -> Any:
    req = urllib.request.Request(
        base + path,
        data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"}
        | ({"Authorization": f"Bearer {token}"} if token else {}),
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def desk_session(base: str, code: str, employee: str) -> str:
    """Sign in on the office desktop the way the app does: claim a device, log in with a PIN."""
    device = api(base, "/api/devices/claim", {"code": code, "label": "客服电脑"})["token"]
    session: str = api(
        base, "/api/auth/login", {"employee_code": employee, "pin": PIN}, token=device
    )["token"]
    return session


# Read in one go inside the page: no auto-waiting on an element a sync is replacing.
READ_PAGE = """eid => {
  const q = (s) => document.querySelector(s)
  const live = q('[data-testid=order-label][data-state=printed]')
  return {
    status: q('[data-testid=order-status]')?.dataset.status ?? '',
    hold: String(q('[data-testid=order-hold]') !== null),
    address: q('[data-testid=order-address]')?.dataset.address ?? '',
    tracking: live?.dataset.tracking ?? '',
    flag: q('[data-testid=order-flag]')?.dataset.flag ?? '',
  }
}"""
READ_SUMMARY = """selector => {
  const el = document.querySelector(selector)
  if (!el) return {}
  const d = el.dataset
  return { status: d.status, hold: d.hold, address: d.address, tracking: d.tracking, flag: d.flag }
}"""


def views(pages: dict[str, Page], eid: str) -> dict[str, dict[str, str]]:
    """What each view says about the order (data attributes of the one order entry)."""
    out: dict[str, dict[str, str]] = {"order": pages["order"].evaluate(READ_PAGE, eid)}
    for name, selector in (
        ("list", f'[data-testid=order-row][data-eid="{eid}"]'),
        ("banner", "[data-testid=scan-result] [data-testid=order-summary]"),
        ("office", f'[data-testid=office-exception][data-eid="{eid}"] [data-testid=order-summary]'),
    ):
        out[name] = pages[name].evaluate(READ_SUMMARY, selector)
    return out


def everywhere(pages: dict[str, Page], eid: str, **want: str) -> dict[str, str]:
    """Wait until all four views agree with `want` (and with each other); return what they show."""
    deadline = time.monotonic() + SYNC_S
    while True:
        seen = views(pages, eid)
        agree = all(v == seen["order"] for v in seen.values())
        if agree and all(seen["order"].get(k) == v for k, v in want.items()):
            return seen["order"]
        if time.monotonic() > deadline:
            raise AssertionError(f"views disagree or are stale (want {want}): {seen}")
        time.sleep(0.25)


def test_a_change_on_the_server_reaches_every_view(
    phones: Callable[..., Phone],
    enrolment_code: Callable[[], str],
    served_demo: str,
    artifacts: Path,
) -> None:
    phone = phones("M001")
    [(tracking, eid)] = phone.ready_parcels(1)
    cs = desk_session(served_demo, enrolment_code(), "C001")
    printer = desk_session(served_demo, enrolment_code(), "P001")

    # Customer service holds the order; the phone's picker then scans it: stopped, recorded,
    # and in the office queue (so the queue shows this order too).
    api(served_demo, f"/api/orders/{eid}/hold", {"reason": "客户要求暂缓"}, cs)
    pages = {"banner": phone.page}
    for name, route in (
        ("order", f"#/order/{eid}"),
        ("list", "#/orders?filter=all"),
        ("office", "#/office"),
    ):
        page = phone.context.new_page()
        page.goto(f"{phone.base}/{route}")
        expect(page.get_by_test_id("home")).to_be_visible()
        pages[name] = page
    pages["list"].get_by_test_id("orders-search").fill(eid)
    expect(pages["order"].get_by_test_id("order-hold")).to_be_visible(timeout=SYNC_S * 1000)
    phone.go("#/scan")
    phone.page.get_by_test_id("scan-input").fill(tracking)
    phone.page.get_by_test_id("scan-input").press("Enter")
    expect(phone.page.get_by_test_id("scan-result")).to_have_attribute("data-kind", "hold")
    held = everywhere(pages, eid, status="printed", hold="true", tracking=tracking)
    assert held["flag"], "the hold's flagged note shows"

    # The address (the bug): 陕西… → 江苏省苏州市工业园区….
    new_address = {
        "province": "江苏省",
        "city": "苏州市",
        "district": "工业园区",
        "address_detail": "星湖街 328 号",
    }
    api(served_demo, f"/api/orders/{eid}/address", {**new_address, "note": "客户来电改地址"}, cs)
    moved = everywhere(pages, eid, address="江苏省苏州市工业园区星湖街 328 号", hold="true")
    assert moved["flag"] != held["flag"]
    for name, page in pages.items():
        page.screenshot(path=str(artifacts / f"change-address-{name}-zh-CN-360x640.png"))

    api(served_demo, f"/api/orders/{eid}/release", {"reason": "已确认"}, cs)
    released = everywhere(pages, eid, hold="false", address="江苏省苏州市工业园区星湖街 328 号")
    assert released["flag"] != moved["flag"]

    # The printer reprints: a new live label, the old one voided (原单撕毁).
    api(served_demo, f"/api/orders/{eid}/reprint", {"reason": "改单重打"}, printer)
    deadline = time.monotonic() + SYNC_S
    while (now := views(pages, eid)["order"]["tracking"]) in ("", tracking):
        assert time.monotonic() < deadline, "the reprinted label never arrived"
        time.sleep(0.25)
    everywhere(pages, eid, tracking=now, status="printed", hold="false")
    expect(
        pages["order"].locator(f'[data-testid=order-label][data-tracking="{tracking}"]')
    ).to_have_attribute("data-state", "voided")

    api(served_demo, f"/api/orders/{eid}/cancel", {"reason": "客户取消"}, cs)
    cancelled = everywhere(pages, eid, status="cancelled", tracking="")
    assert cancelled["flag"] != released["flag"]
    for name, page in pages.items():
        page.screenshot(path=str(artifacts / f"change-cancelled-{name}-zh-CN-360x640.png"))
    for page in pages.values():
        if page is not phone.page:
            page.close()
