"""Waves over HTTP: schedule, cutoffs on the server clock, documents, reprint and void."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image
from support.exceptions import open_exceptions
from support.labels import decode, pdf_pages, pdf_text
from support.waves import DAY, at, new_order, scan_out, start_wave

Client = AsyncTestClient[Litestar]


async def test_cutoff_hold_and_schedule_on_the_server_clock(
    demo_client: Client, staff: dict[str, dict[str, str]], clock: Callable[[datetime], None]
) -> None:
    cs, printer = staff["C001"], staff["P001"]
    clock(at(15, 59, 59))
    before = await new_order(demo_client, cs, "W-BEFORE")
    held = await new_order(demo_client, cs, "W-HELD")
    await demo_client.post(f"/api/orders/{held}/hold", json={"reason": "待审核"}, headers=cs)
    clock(at(16, 0, 0))
    on_cutoff = await new_order(demo_client, cs, "W-AT-1600")
    clock(at(15, 0))
    r = await start_wave(demo_client, printer, slot="16:00")
    assert r.status_code == 409 and "on-demand" in r.text  # not yet 16:00
    clock(at(16, 2))
    sched = (await demo_client.get("/api/waves/schedule", headers=printer)).json()
    assert sched["timezone"] == "Asia/Shanghai" and sched["times"] == ["08:00", "12:00", "16:00"]
    assert [s["due"] for s in sched["slots"]] == [True, True, True]
    assert sched["pending"] >= 3
    r = await start_wave(demo_client, printer, slot="16:00")
    assert r.status_code == 201, r.text
    wave = r.json()
    assert wave["code"] == "SH01-20261123-1600" and wave["started_by"] == "P001"
    assert wave["pick_list"] == "PK-SH01-20261123-1600"
    again = await start_wave(demo_client, printer, slot="16:00")
    assert again.status_code == 200 and again.json()["code"] == wave["code"]
    detail = (await demo_client.get(f"/api/waves/{wave['code']}", headers=printer)).json()
    eids = [o["eid"] for o in detail["orders"]]
    assert before in eids and held not in eids and on_cutoff not in eids
    assert len(eids) == wave["order_count"]
    assert [o["slot_no"] for o in detail["orders"]] == list(range(1, len(eids) + 1))
    got = (await demo_client.get(f"/api/orders/{before}", headers=printer)).json()
    assert got["status"] == "printed" and list(got["labels"].values()) == ["printed"]
    # The 16:00 order and the released one go into the next morning's wave.
    await demo_client.post(f"/api/orders/{held}/release", json={}, headers=cs)
    clock(at(8, 1, day=DAY + timedelta(days=1)))
    r = await start_wave(demo_client, printer, slot="08:00")
    nxt = (await demo_client.get(f"/api/waves/{r.json()['code']}", headers=printer)).json()
    assert {o["eid"] for o in nxt["orders"]} == {held, on_cutoff}
    sched = (await demo_client.get("/api/waves/schedule", headers=printer)).json()
    assert sched["slots"][0]["wave"] == "SH01-20261124-0800" and sched["pending"] == 0


async def test_documents_in_every_format(
    demo_client: Client, staff: dict[str, dict[str, str]], clock: Callable[[datetime], None]
) -> None:
    printer = staff["P001"]
    clock(at(12, 5))
    code = (await start_wave(demo_client, printer, slot="12:00")).json()["code"]
    detail = (await demo_client.get(f"/api/waves/{code}", headers=printer)).json()
    orders = detail["orders"]
    assert len(orders) > 10
    base = f"/api/waves/{code}/documents"

    r = await demo_client.get(f"{base}/labels?format=pdf&size=100x150", headers=printer)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pages = pdf_pages(r.content, 203)
    assert len(pages) == len(orders)
    first = orders[0]
    found = decode(pages[0])
    assert ("Code128", first["tracking"]) in found
    assert any(f == "QRCode" and first["tracking"] in t for f, t in found)
    specials = [o for o in orders if o["special"]]
    texts = pdf_text(r.content)
    for o in specials[:3]:
        assert "剪角" in texts[o["slot_no"] - 1]

    r = await demo_client.get(f"{base}/labels?format=zpl&dpi=300", headers=printer)
    zpl = r.content.decode()
    assert zpl.count("^XA") == len(orders) and "^CI28" in zpl and first["tracking"] in zpl

    r = await demo_client.get(f"{base}/labels?format=png&dpi=203", headers=printer)
    assert r.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        names = z.namelist()
        assert len(names) == len(orders)
        img = Image.open(io.BytesIO(z.read(names[0])))
        assert img.size == (607, 1039)
        assert ("Code128", first["tracking"]) in decode(img)

    r = await demo_client.get(f"{base}/pick-list", headers=printer)
    text = "".join(pdf_text(r.content))
    assert "配货单" in text and "合计" in text and "{nb}" not in text
    assert ("Code128", f"PK-{code}") in decode(pdf_pages(r.content, 300)[0])
    r = await demo_client.get(f"{base}/sort-list", headers=printer)
    assert "二次分拣单" in pdf_text(r.content)[0]
    r = await demo_client.get(f"{base}/packing-slips", headers=printer)
    assert len(pdf_text(r.content)) == len(orders)

    bad = [
        (f"{base}/pick-list?format=zpl", 400),
        (f"{base}/pick-list?format=png&dpi=600", 400),
        (f"{base}/labels?format=svg", 400),
        (f"{base}/labels?dpi=250", 400),
        (f"{base}/labels?size=A4", 400),
        (f"{base}/invoice", 400),
        ("/api/waves/SH01-19990101-0800/documents/labels", 404),
    ]
    for path, status in bad:
        assert (await demo_client.get(path, headers=printer)).status_code == status, path


async def test_change_after_print_reprint_and_void(
    demo_client: Client, staff: dict[str, dict[str, str]], clock: Callable[[datetime], None]
) -> None:
    cs, printer = staff["C001"], staff["P001"]
    clock(at(15, 0))
    eid = await new_order(demo_client, cs, "W-REPRINT")
    clock(at(16, 1))
    code = (await start_wave(demo_client, printer, slot="16:00")).json()["code"]
    old = next(iter((await demo_client.get(f"/api/orders/{eid}", headers=cs)).json()["labels"]))
    r = await demo_client.post(
        f"/api/orders/{eid}/address", json={"address_detail": "改：科技园北路 1 号"}, headers=cs
    )
    assert r.json()["needs_reprint"] is True
    # Its stale label no longer comes out of the wave, nor on its own.
    labels_zpl = (
        await demo_client.get(f"/api/waves/{code}/documents/labels?format=zpl", headers=printer)
    ).content.decode()
    assert old not in labels_zpl
    assert (await demo_client.get(f"/api/orders/{eid}/label", headers=printer)).status_code == 409

    r = await demo_client.post(
        f"/api/orders/{eid}/reprint", json={"reason": "改地址"}, headers=printer
    )
    assert r.status_code == 200, r.text
    body = r.json()
    new = body["tracking"]
    assert new != old
    assert [(lb["version"], lb["tracking"], lb["status"]) for lb in body["labels"]] == [
        (1, old, "voided"),
        (2, new, "printed"),
    ]
    assert (
        body["labels"][0]["void_reason"] == "改地址" and body["labels"][1]["printed_by"] == "P001"
    )
    got = (await demo_client.get(f"/api/orders/{eid}", headers=cs)).json()
    assert (
        got["needs_reprint"] is False and got["address"]["address_detail"] == "改：科技园北路 1 号"
    )
    r = await demo_client.get(f"/api/orders/{eid}/label?format=png&dpi=300", headers=printer)
    assert ("Code128", new) in decode(Image.open(io.BytesIO(r.content)))
    text = pdf_text(
        (await demo_client.get(f"/api/orders/{eid}/label?size=100x150", headers=printer)).content
    )[0]
    assert "第2版" in text and "科技园北路" in text

    # A later scan of the voided label fails with a clear reason and lands in the queue.
    await scan_out(demo_client, eid, old)
    queue = await open_exceptions(demo_client, staff["M001"])
    assert any(e["kind"] == "voided_label_scan" and e["eid"] == eid for e in queue)

    # Void by customer service: the order waits for a reprint again.
    r = await demo_client.post(
        f"/api/orders/{eid}/void", json={"tracking": new, "reason": "面单污损"}, headers=cs
    )
    assert r.status_code == 200 and r.json()["tracking"] is None
    assert (await demo_client.get(f"/api/orders/{eid}", headers=cs)).json()["needs_reprint"]
    r = await demo_client.post(f"/api/orders/{eid}/void", json={"tracking": new}, headers=cs)
    assert r.status_code == 409 and "already voided" in r.text


async def test_never_printed_while_held_or_cancelled(
    demo_client: Client, staff: dict[str, dict[str, str]], clock: Callable[[datetime], None]
) -> None:
    cs, printer = staff["C001"], staff["P001"]
    clock(at(11, 0))
    eid = await new_order(demo_client, cs, "W-HOLD-LATER")
    clock(at(12, 1))
    code = (await start_wave(demo_client, printer, slot="12:00")).json()["code"]
    await demo_client.post(f"/api/orders/{eid}/hold", json={"reason": "客户要求暂停"}, headers=cs)
    zpl = (
        await demo_client.get(f"/api/waves/{code}/documents/labels?format=zpl", headers=printer)
    ).content.decode()
    assert "W-HOLD-LATER" not in zpl
    r = await demo_client.post(f"/api/orders/{eid}/reprint", json={}, headers=printer)
    assert r.status_code == 409 and "on hold" in r.text
    await demo_client.post(f"/api/orders/{eid}/cancel", json={}, headers=cs)
    r = await demo_client.post(f"/api/orders/{eid}/reprint", json={}, headers=printer)
    assert r.status_code == 409 and "cancelled" in r.text
    fresh = await new_order(demo_client, cs, "W-NOT-YET")
    r = await demo_client.post(f"/api/orders/{fresh}/reprint", json={}, headers=printer)
    assert r.status_code == 409 and "with its wave" in r.text
