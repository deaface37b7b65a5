"""Wave documents over HTTP: lists as PNG, the handoff sheet 订单交接表, offline print data."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime

from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image
from support.auth import sign_in
from support.labels import decode, in_order, pdf_pages, pdf_text
from support.waves import at, start_wave

Client = AsyncTestClient[Litestar]
Staff = dict[str, dict[str, str]]


def _pages(content: bytes, media: str) -> list[Image.Image]:
    """One PNG, or a ZIP of page PNGs when the document is longer than a page."""
    if media == "image/png":
        return [Image.open(io.BytesIO(content))]
    assert media == "application/zip", media
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return [Image.open(io.BytesIO(z.read(n))) for n in sorted(z.namelist())]


async def test_lists_as_png_at_both_dpis(
    demo_client: Client, staff: Staff, clock: Callable[[datetime], None]
) -> None:
    printer = staff["P001"]
    clock(at(12, 5))
    code = (await start_wave(demo_client, printer, slot="12:00")).json()["code"]
    orders = (await demo_client.get(f"/api/waves/{code}", headers=printer)).json()["orders"]
    base = f"/api/waves/{code}/documents"

    r = await demo_client.get(f"{base}/pick-list?format=png&dpi=300", headers=printer)
    assert r.status_code == 200
    pages = _pages(r.content, r.headers["content-type"])
    assert len(pages) == len(
        pdf_text((await demo_client.get(f"{base}/pick-list", headers=printer)).content)
    )
    for img in pages:  # the barcode is on every page, so any page signs for the wave
        assert img.size == (2480, 3508) and round(img.info["dpi"][0]) == 300
        assert ("Code128", f"PK-{code}") in decode(img)

    r = await demo_client.get(f"{base}/packing-slips?format=png", headers=printer)
    assert r.headers["content-type"] == "application/zip"
    assert r.headers["content-disposition"] == f'attachment; filename="{code}-packing-slips.zip"'
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        names = z.namelist()
        assert len(names) == len(orders)
        first = Image.open(io.BytesIO(z.read(names[0])))
    assert first.size == (1678, 2374)  # A4 at 203 dpi
    assert ("Code128", orders[0]["order_no"]) in decode(first)

    for path, want in [
        (f"{base}/sort-list?format=zpl", "A4 document"),
        (f"{base}/sort-list?format=png&dpi=600", "Invalid enum value 600"),
        (f"{base}/sort-list?format=png&dpi=high", "Expected `int`"),
    ]:
        r = await demo_client.get(path, headers=printer)
        assert r.status_code == 400 and want in r.text, (path, r.text)


async def test_handoff_sheet_lists_who_what_when_and_the_orders(
    demo_client: Client, staff: Staff
) -> None:
    printer, picker, cs = staff["P001"], staff["K001"], staff["C001"]
    wave = (await start_wave(demo_client, printer)).json()
    code = wave["code"]
    path = f"/api/waves/{code}/documents/handoff-sheet"
    orders = (await demo_client.get(f"/api/waves/{code}", headers=printer)).json()["orders"]
    assert orders, "the demo has orders waiting for a wave"

    # Printed before anyone signed: blank signature rows, the printer already filled in.
    before = "".join(pdf_text((await demo_client.get(path, headers=printer)).content))
    assert "已签收 0 次" in before and "K001" not in before

    r = await demo_client.post(
        "/api/waves/handoff", json={"document": wave["pick_list"]}, headers=picker
    )
    assert r.status_code == 201
    r = await demo_client.get(path, headers=printer)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = "".join(pdf_text(r.content))
    for needle in (
        "订单交接表",
        code,
        "P001",
        "K001",
        wave["pick_list"],
        "交出人签字",
        "接收人签字",
    ):
        assert needle in text, needle
    assert f"订单 {len(orders)} 单 · 已签收 1 次" in text
    in_order(text, [o["order_no"] for o in orders])  # every order number, in slot order
    # The sheet carries the pick list's barcode: scanning it signs for the wave.
    assert ("Code128", wave["pick_list"]) in decode(pdf_pages(r.content, 300)[0])
    r = await demo_client.get(f"{path}?format=png&dpi=300", headers=printer)
    pages = _pages(r.content, r.headers["content-type"])
    assert all(("Code128", wave["pick_list"]) in decode(p) for p in pages)

    # Like every wave document: printers and managers of this warehouse only.
    assert (await demo_client.get(path, headers=picker)).status_code == 403
    assert (await demo_client.get(path, headers=cs)).status_code == 403
    assert (await demo_client.get(path, headers=staff["M001"])).status_code == 200
    hz = await sign_in(demo_client, "H001", warehouse="HZ02")
    assert (await demo_client.get(path, headers=hz)).status_code == 404
    r = await demo_client.get(f"/api/waves/{code}/documents/handoff", headers=printer)
    assert r.status_code == 400


async def test_print_reference_names_every_sku_of_open_orders_with_its_bin(
    demo_client: Client, staff: Staff
) -> None:
    printer = staff["P001"]
    wave = (await start_wave(demo_client, printer)).json()
    r = await demo_client.get("/api/waves/print-reference", headers=printer)
    assert r.status_code == 200, r.text
    ref = r.json()
    assert ref["timezone"] == "Asia/Shanghai" and ref["warehouse"]
    skus = {s["barcode"]: s for s in ref["skus"]}
    detail = (await demo_client.get(f"/api/waves/{wave['code']}", headers=printer)).json()
    in_wave: set[str] = set()
    for o in detail["orders"]:
        order = (await demo_client.get(f"/api/orders/{o['eid']}", headers=printer)).json()
        in_wave.update(order["lines"])
    for barcode in in_wave:
        assert skus[barcode]["name"] and isinstance(skus[barcode]["spot_checked"], bool)
    # The pick list's first line is the first bin in walking order among these.
    shelved = [s for s in skus.values() if s["location"] is not None]
    assert shelved
    pdf = await demo_client.get(f"/api/waves/{wave['code']}/documents/pick-list", headers=printer)
    first_page = pdf_text(pdf.content)[0]
    assert any(s["location"] in first_page for s in shelved)
    _walk, first_bin = min(
        (skus[b]["walk_order"], skus[b]["location"])
        for b in in_wave
        if skus[b]["location"] is not None
    )
    assert f"\n1 {first_bin} " in first_page, first_page[:400]
    # the picker's pick screen reads it too (bins, walk order, spot-check marks); others not
    r = await demo_client.get("/api/waves/print-reference", headers=staff["K001"])
    assert r.status_code == 200
    assert (
        await demo_client.get("/api/waves/print-reference", headers=staff["C001"])
    ).status_code == 403
