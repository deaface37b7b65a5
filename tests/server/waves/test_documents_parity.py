"""The server's wave documents from the shared fixture: the same rows the PWA prints offline.

pwa/src/print/docs.test.ts checks its TypeScript twin against the same `expected`; here the
Python rules are checked, and then that the PDFs really print those rows in that order.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from support.labels import decode, in_order, pdf_pages, pdf_text

from server.orders.model import OrderView
from server.printing.documents import HandoffSheet, PackingSlip, PickList, SortList, mask_phone
from server.printing.list_pdf import (
    render_handoff_sheet_pdf,
    render_packing_slips_pdf,
    render_pick_list_pdf,
    render_sort_list_pdf,
)
from server.waves.assemble import WaveInput, handoff_sheet, pick_and_sort, slips_of
from server.waves.schemas import SkuRef
from server.waves.select import on_documents, slot_key

FIXTURE = Path(__file__).parent / "fixtures" / "wave_documents.json"


def load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def documents(fx: dict[str, Any]) -> tuple[PickList, SortList, list[PackingSlip], HandoffSheet]:
    w = fx["wave"]
    views = [OrderView.from_row(eid, 1, json.dumps(state)) for eid, state in fx["orders"].items()]
    mine = sorted(on_documents(v for v in views if v.fields.get("wave") == w["code"]), key=slot_key)
    refs = {r["barcode"]: SkuRef(**r) for r in fx["skus"]}
    printed = datetime.fromisoformat(w["printed_at"])
    wave = WaveInput(w["code"], w["name"], "SH01", w["warehouse"], printed, mine)
    pick, sort = pick_and_sort(wave, refs)
    return pick, sort, slips_of(wave, refs), handoff_sheet(wave, w["started_by"], [])


def plain(
    pick: PickList, sort: SortList, slips: list[PackingSlip], sheet: HandoffSheet
) -> dict[str, Any]:
    return {
        "pick": {
            "id": pick.pick_list_id,
            "lines": [
                [
                    ln.location_code,
                    ln.walk_order,
                    ln.sku_barcode,
                    ln.sku_name,
                    ln.spec,
                    ln.total_qty,
                    ln.order_count,
                    ln.spot_checked,
                ]
                for ln in pick.lines
            ],
            "total_qty": pick.total_qty,
            "total_orders": pick.total_orders,
        },
        "sort": {
            "id": sort.sort_list_id,
            "slots": [
                [
                    s.slot_no,
                    s.order_no,
                    s.carrier.display_zh,
                    s.special,
                    [[ln.sku_barcode, ln.sku_name, ln.spec, ln.qty] for ln in s.lines],
                ]
                for s in sort.slots
            ],
            "units": sum(ln.qty for s in sort.slots for ln in s.lines),
        },
        "slips": [
            [
                s.order_no,
                s.carrier.display_zh,
                s.tracking_no,
                s.recipient_name,
                mask_phone(s.recipient_phone),
                s.address,
                s.note or "",
                [[ln.sku_barcode, ln.name, ln.spec, ln.qty] for ln in s.lines],
            ]
            for s in slips
        ],
        "handoff": {"barcode": sheet.barcode, "order_nos": list(sheet.order_nos)},
    }


def test_assemble_matches_the_shared_fixture() -> None:
    fx = load()
    assert plain(*documents(fx)) == fx["expected"]


def test_server_pdfs_print_the_fixture_rows_in_order() -> None:
    fx = load()
    pick, sort, slips, sheet = documents(fx)
    want = fx["expected"]

    data = render_pick_list_pdf(pick)
    (text,) = pdf_text(data)
    in_order(text, [cell for ln in want["pick"]["lines"] for cell in (ln[0], ln[2], str(ln[5]))])
    assert "共 8 行 · 20 件 · 6 单" in text and "需验" in text and "未上架" in text
    assert ("Code128", want["pick"]["id"]) in decode(pdf_pages(data, 203)[0])

    (text,) = pdf_text(render_sort_list_pdf(sort))
    in_order(text, [f"{s[0]:03d}" for s in want["sort"]["slots"]])
    in_order(text, [s[1] for s in want["sort"]["slots"]])
    assert "004 100100100 中通快递 剪角" in text and "6 格口" in text

    texts = pdf_text(render_packing_slips_pdf(slips))
    assert [s[0] in t for s, t in zip(want["slips"], texts, strict=True)] == [True] * 6
    assert "赵六（改）" in texts[1] and "021****1234" in texts[1] and "021-1234" not in texts[1]

    data = render_handoff_sheet_pdf(sheet)
    (text,) = pdf_text(data)
    in_order(text, want["handoff"]["order_nos"])
    assert "订单交接表" in text and "交出人签字" in text and "订单 6 单" in text
    assert ("Code128", want["handoff"]["barcode"]) in decode(pdf_pages(data, 203)[0])
