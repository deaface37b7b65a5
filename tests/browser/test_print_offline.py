"""The printer prints shipping labels with the network off, and the barcodes read back.

Labels render from the local replica (IndexedDB) with code precached by the service worker; the
Code128 and QR symbols are drawn in the page by the zxing-wasm writer and decoded in the page by
the barcode-detector ponyfill (zxing-wasm reader, WASM from the app's own origin, still offline).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

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
