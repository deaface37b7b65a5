"""The printer prints with the network off, and the barcodes read back.

Labels and the A4 wave documents (pick list 配货单, sort list 二次分拣单, packing slips 发货单,
handoff sheet 订单交接表) render from the local replica (IndexedDB) and the cached SKU references,
with code precached by the service worker; the Code128 and QR symbols are drawn in the page by
the zxing-wasm writer and decoded in the page by the barcode-detector ponyfill (zxing-wasm
reader, WASM from the app's own origin, still offline). The documents must say what the
server's PDFs say, and a customer-service change must reach the printer's screen at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect
from support.auth import DEMO_PIN, bearer
from support.labels import decode, in_order, pdf_pages, pdf_text
from support.orders import demo_skus, order_json

Phone = Any  # tests/browser/conftest.py: Phone (conftest modules are not importable)
CHECK_MS = 30_000


@pytest.mark.parametrize("size", ["76x130", "100x150"])
def test_printer_prints_labels_offline_and_barcodes_decode(
    phones: Callable[..., Phone], artifacts: Path, size: str
) -> None:
    printer = phones("P001")  # 周晓梅, printer
    page = printer.page
    page.set_viewport_size({"width": 1024, "height": 768})  # the printer works at a desk or tablet
    expect(page.get_by_test_id("go-print")).to_be_visible()

    # The network is gone: everything below comes from IndexedDB and the precache.
    printer.offline(True)
    page.get_by_test_id("go-print").click()
    view = page.get_by_test_id("print-view")
    expect(view).to_be_visible()
    page.locator(f'[data-testid=print-size][data-size="{size}"]').click()
    expect(view).to_have_attribute("data-size", size)

    count = int(page.get_by_test_id("print-count").get_attribute("data-count") or "0")
    assert count > 0
    labels = page.get_by_test_id("label")
    expect(labels.first).to_be_visible()
    first = labels.first
    tracking = first.get_attribute("data-tracking") or ""
    qr = first.get_attribute("data-qr") or ""
    assert tracking and qr == f"PL1;{tracking};{qr.split(';')[2]};{qr.split(';')[3]}"
    expect(first.get_by_test_id("label-code128")).to_have_attribute("data-value", tracking)
    expect(first.get_by_test_id("label-qr")).to_have_attribute("data-value", qr)
    expect(first.get_by_test_id("label-tracking")).to_have_text(tracking)
    expect(first.get_by_test_id("label-carrier")).not_to_be_empty()
    expect(first.get_by_test_id("label-address")).not_to_be_empty()
    # Physical size: CSS mm at 96 dpi.
    box = first.bounding_box()
    assert box is not None
    w_mm, h_mm = (int(v) for v in size.split("x"))
    assert abs(box["width"] - w_mm * 96 / 25.4) < 2 and abs(box["height"] - h_mm * 96 / 25.4) < 2

    # A special order carries the 剪角 mark.
    special = page.locator('[data-testid=label][data-special="true"]')
    if special.count():
        expect(special.first.get_by_test_id("label-special")).to_have_text("剪角")
        special.first.scroll_into_view_if_needed()
        special.first.screenshot(path=str(artifacts / f"print-label-special-{size}.png"))

    page.evaluate("window.scrollTo(0, 0)")
    printer.shot(artifacts / f"print-view-offline-zh-CN-{size}-1024x768.png")
    first.screenshot(path=str(artifacts / f"print-label-{size}.png"))

    # Decode every rendered label's barcodes in the page, still offline.
    shown = labels.count()
    assert 0 < shown <= count
    page.get_by_test_id("print-check").click()
    result = page.get_by_test_id("print-check-result")
    expect(result).to_have_attribute("data-state", "done", timeout=CHECK_MS)
    expect(result).to_have_attribute("data-engine", "zxing")  # no native detector on Linux
    expect(result).to_have_attribute("data-total", str(shown))
    expect(result).to_have_attribute("data-ok", str(shown))
    assert first.get_attribute("data-decoded-code128") == tracking
    assert first.get_attribute("data-decoded-qr") == qr

    # The search narrows what prints.
    page.get_by_test_id("print-search").fill(tracking)
    expect(page.get_by_test_id("print-count")).to_have_attribute("data-count", "1")
    expect(labels).to_have_count(1)
    expect(page.get_by_test_id("net-status")).to_have_attribute("data-online", "false")

    # The WASM came from this origin (precached), never a CDN.
    wasm = page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.wasm'))"
    )
    assert wasm and all(u.startswith(printer.base) for u in wasm), wasm


# ---- Every wave document, offline ----

SYNC_MS = 20_000


def _api(base: str, code: str, employee: str) -> dict[str, str]:
    """Enrol a device with a one-time code and sign in: headers for the HTTP API."""
    r = httpx.post(f"{base}/api/devices/claim", json={"code": code, "label": "test"})
    assert r.status_code == 201, r.text
    r = httpx.post(
        f"{base}/api/auth/login",
        json={"employee_code": employee, "pin": DEMO_PIN},
        headers=bearer(r.json()["token"]),
    )
    assert r.status_code == 200, r.text
    return bearer(r.json()["token"])


def _server_pdf(base: str, headers: dict[str, str], code: str, kind: str) -> bytes:
    r = httpx.get(f"{base}/api/waves/{code}/documents/{kind}", headers=headers, timeout=300)
    assert r.status_code == 200, r.text
    return r.content


def _flat(text: str) -> str:
    return " ".join(text.split())


def _attrs(rows: Locator, *names: str) -> list[tuple[str, ...]]:
    return [
        tuple(rows.nth(i).get_attribute(f"data-{n}") or "" for n in names)
        for i in range(rows.count())
    ]


def _check_barcodes(page: Page, expected_total: int) -> None:
    page.get_by_test_id("print-check").click()
    result = page.get_by_test_id("print-check-result")
    expect(result).to_have_attribute("data-state", "done", timeout=CHECK_MS)
    expect(result).to_have_attribute("data-total", str(expected_total))
    expect(result).to_have_attribute("data-ok", str(expected_total))


def _choose(page: Page, kind: str) -> Locator:
    page.locator(f'[data-testid=print-doc][data-doc="{kind}"]').click()
    expect(page.get_by_test_id("print-view")).to_have_attribute("data-doc", kind)
    doc = page.get_by_test_id("doc").first
    expect(doc).to_be_visible()
    return doc


def _heading_matches_pdf(doc: Locator, pdf: str) -> None:
    """Every heading line of the page is a heading line of the server's PDF."""
    lines = doc.locator(".doc-line")
    assert lines.count() >= 3
    for i in range(lines.count()):
        assert _flat(lines.nth(i).inner_text()) in pdf, lines.nth(i).inner_text()


def test_printer_prints_every_wave_document_offline_as_the_server_would(
    phones: Callable[..., Phone],
    enrolment_code: Callable[[], str],
    served_demo: str,
    artifacts: Path,
) -> None:
    base = served_demo
    cs = _api(base, enrolment_code(), "C001")
    picker = _api(base, enrolment_code(), "K001")
    office = _api(base, enrolment_code(), "P001")  # the same printer, to fetch the server's PDFs
    skus = demo_skus(3)
    fresh = []
    for n, extra in enumerate([{}, {"greeting_card": "生日快乐"}]):
        body = order_json(f"BROWSER-PRINT-{n}", skus[: n + 2], **extra)
        r = httpx.post(f"{base}/api/orders", json=body, headers=cs)
        assert r.status_code == 201, r.text
        fresh.append(r.json()["eid"])

    printer = phones("P001")
    page = printer.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_test_id("go-print").click()
    page.locator('[data-testid=print-doc][data-doc="pick-list"]').click()
    expect(page.get_by_test_id("print-refs")).to_have_attribute("data-cached", "true")

    # The printer starts a wave (online); its orders arrive through the sync.
    page.get_by_test_id("print-start-wave").click()
    note = page.get_by_test_id("print-note")
    expect(note).to_have_attribute("data-ok", "true")
    code = note.get_attribute("data-wave") or ""
    assert re.fullmatch(r"SH01-\d{8}-\d{6}-D", code), code
    sheet = page.get_by_test_id("print-sheet")
    expect(sheet).to_have_attribute("data-wave", code, timeout=SYNC_MS)
    detail = httpx.get(f"{base}/api/waves/{code}", headers=office).json()
    wave_eids = [o["eid"] for o in detail["orders"]]
    assert set(fresh) <= set(wave_eids)
    expect(sheet).to_have_attribute("data-orders", str(len(wave_eids)), timeout=SYNC_MS)

    # The picker signs for the lists; the printer's handoff sheet shows it (fetched online).
    r = httpx.post(f"{base}/api/waves/handoff", json={"document": f"PK-{code}"}, headers=picker)
    assert r.status_code == 201, r.text
    _choose(page, "handoff-sheet")
    expect(page.locator('[data-testid=handoff-row][data-received-by="K001"]')).to_be_visible()

    # Customer service changes a printed order: the printer's screen says so at once.
    changed = fresh[0]
    r = httpx.post(
        f"{base}/api/orders/{changed}/address",
        json={"address_detail": "改：科技园北路 1 号"},
        headers=cs,
    )
    assert r.status_code == 200 and r.json()["needs_reprint"] is True, r.text
    marker = page.locator(f'[data-testid=print-reprint-order][data-eid="{changed}"]')
    expect(marker).to_be_visible(timeout=10_000)
    expect(marker).to_contain_text("需重打")
    page.evaluate("window.scrollTo(0, 0)")
    printer.shot(artifacts / "print-reprint-marker-zh-CN-1280x900.png")

    # Now the network is gone: every document still prints, from local state.
    printer.offline(True)
    expect(page.get_by_test_id("print-offline")).to_be_visible()
    expect(page.get_by_test_id("print-start-wave")).to_have_count(0)

    # 配货单: the server's lines, in walking order, with its totals and heading.
    doc = _choose(page, "pick-list")
    pdf = _server_pdf(base, office, code, "pick-list")
    text = _flat(" ".join(pdf_text(pdf)))
    lines = _attrs(page.get_by_test_id("pick-line"), "location", "sku", "qty")
    assert lines
    in_order(text, [cell for line in lines for cell in line])
    total = page.get_by_test_id("pick-total")
    qty, orders = total.get_attribute("data-qty"), total.get_attribute("data-orders")
    assert f"· {qty} 件 · {orders} 单" in text
    assert sum(int(q) for _l, _s, q in lines) == int(qty or 0)
    _heading_matches_pdf(doc, text)
    _check_barcodes(page, 1)
    assert doc.get_by_test_id("doc-code128").get_attribute("data-decoded") == f"PK-{code}"
    doc.screenshot(path=str(artifacts / "print-doc-pick-list-zh-CN.png"))
    # What Chromium prints: A4 pages (CSS @page), the pick-list barcode scannable on paper.
    printed = page.pdf(prefer_css_page_size=True, print_background=True)
    sheets = pdf_pages(printed, 300)
    texts = pdf_text(printed)
    for n, sheet_png in enumerate(sheets[:2], start=1):  # the heading repeats on every page
        assert abs(sheet_png.width - 2480) <= 3 and abs(sheet_png.height - 3508) <= 3
        assert ("Code128", f"PK-{code}") in decode(sheet_png)
        assert "配货单" in texts[n - 1] and f"第 {n} / {len(sheets)} 页" in texts[n - 1]
        sheet_png.reduce(3).save(artifacts / f"print-doc-pick-list-chromium-p{n}.png")

    # 二次分拣单: slots in the server's order, 剪角 where the server marks it.
    doc = _choose(page, "sort-list")
    text = _flat(" ".join(pdf_text(_server_pdf(base, office, code, "sort-list"))))
    slots = _attrs(page.get_by_test_id("sort-slot"), "slot", "order", "special")
    assert [int(s) for s, _o, _sp in slots] == list(range(1, len(slots) + 1))
    in_order(text, [f"{int(s):03d} {o}" for s, o, _sp in slots])
    special = [o for _s, o, sp in slots if sp == "true"]
    assert special and all(re.search(rf"{o} \S+ 剪角", text) for o in special)
    units = page.get_by_test_id("sort-total").get_attribute("data-units")
    assert f"个格口 · {units} 件" in text
    _heading_matches_pdf(doc, text)
    _check_barcodes(page, 1)
    doc.screenshot(path=str(artifacts / "print-doc-sort-list-zh-CN.png"))

    # 发货单: one per order, as the server's pages, phone masked.
    _choose(page, "packing-slips")
    pages = [_flat(t) for t in pdf_text(_server_pdf(base, office, code, "packing-slips"))]
    expect(page.get_by_test_id("print-count")).to_have_attribute("data-count", str(len(pages)))
    slips = _attrs(page.get_by_test_id("doc"), "id", "tracking")
    assert 0 < len(slips) <= len(pages)
    for (order_no, tracking), server_page in zip(slips, pages, strict=False):
        assert order_no in server_page and tracking in server_page
    _check_barcodes(page, len(slips))
    mine = page.locator(f'[data-testid=doc][data-eid="{fresh[1]}"]')
    while mine.count() == 0 and page.get_by_test_id("print-more").count():
        page.get_by_test_id("print-more").click()  # the newest orders come last
    expect(mine).to_contain_text("139****1111")
    expect(mine).not_to_contain_text("13900001111")
    expect(mine.get_by_test_id("slip-note")).to_have_text("备注：贺卡：生日快乐")
    mine.screenshot(path=str(artifacts / "print-doc-packing-slip-zh-CN.png"))

    # 订单交接表: who handed to whom (cached while online), when, how many, which orders.
    doc = _choose(page, "handoff-sheet")
    text = _flat(" ".join(pdf_text(_server_pdf(base, office, code, "handoff-sheet"))))
    row = page.locator('[data-testid=handoff-row][data-received-by="K001"]')
    expect(row).to_contain_text(f"PK-{code}")
    expect(row).to_contain_text("P001")
    assert doc.get_attribute("data-orders") == str(len(wave_eids))
    order_cells = _flat(" ".join(page.get_by_test_id("handoff-orders").all_inner_texts()))
    numbers = [o["order_no"] for o in detail["orders"]]
    in_order(order_cells, numbers)
    in_order(text, numbers)
    _heading_matches_pdf(doc, text)
    expect(doc).to_contain_text("交出人签字")
    _check_barcodes(page, 1)
    doc.screenshot(path=str(artifacts / "print-doc-handoff-sheet-zh-CN.png"))
    page.evaluate("window.scrollTo(0, 0)")
    printer.shot(artifacts / "print-view-docs-offline-zh-CN-1280x900.png")
    expect(page.get_by_test_id("net-status")).to_have_attribute("data-online", "false")

    # The controls speak English too; the documents stay the Chinese the server prints.
    page.get_by_test_id("lang-switch").click()
    expect(page.locator('[data-testid=print-doc][data-doc="handoff-sheet"]')).to_have_text(
        "Handoff sheet"
    )
    expect(page.get_by_test_id("print-reprint")).to_contain_text("To reprint (1)")
    expect(doc).to_contain_text("订单交接表")
    page.set_viewport_size({"width": 360, "height": 640})  # and fit a phone
    page.evaluate("window.scrollTo(0, 0)")
    printer.shot(artifacts / "print-view-docs-offline-en-360x640.png")
    page.get_by_test_id("lang-switch").click()
