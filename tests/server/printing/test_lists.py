"""Pick list 配货单, sort list 二次分拣单, packing slips 发货单: grouping, totals, scans."""

from __future__ import annotations

import pytest
from support.labels import PRINTED, decode, packing_slip, pdf_pages, pdf_text

from server.printing.documents import (
    Carrier,
    PackingSlip,
    PickDemand,
    PickList,
    SortLine,
)
from server.printing.list_pdf import (
    render_packing_slips_pdf,
    render_pick_list_pdf,
    render_sort_list_pdf,
)
from server.printing.lists import build_pick_list, build_sort_list

IDS = {"wave_id": "W-SH01-20261123-1600", "wave_name": "11月23日 16:00", "warehouse": "上海一号仓"}


def _demand(order: str, sku: str, loc: str, walk: int, qty: int, spot: bool = True) -> PickDemand:
    return PickDemand(
        order_no=order,
        sku_barcode=sku,
        sku_name=f"LED 吸顶灯 {sku[-3:]}",
        spec="白光 24W",
        location_code=loc,
        walk_order=walk,
        qty=qty,
        spot_checked=spot,
    )


def _pick() -> PickList:
    demands = [
        _demand("tb:1", "6900000000017", "B02-01-01", 20, 2),
        _demand("tb:2", "6900000000017", "B02-01-01", 20, 1, spot=False),
        _demand("jd:9", "6900000000024", "A01-01-01", 5, 3),
        _demand("jd:9", "6900000000017", "B02-01-01", 20, 1),
        _demand("pdd:4", "6900000000031", "C01-02-03", 30, 1),
    ]
    return build_pick_list(pick_list_id="PK-1600-01", printed_at=PRINTED, demands=demands, **IDS)


def test_pick_list_groups_by_location_and_sku_in_walking_order() -> None:
    pick = _pick()
    lines = [(ln.location_code, ln.sku_barcode, ln.total_qty, ln.order_count) for ln in pick.lines]
    assert lines == [
        ("A01-01-01", "6900000000024", 3, 1),
        ("B02-01-01", "6900000000017", 4, 3),
        ("C01-02-03", "6900000000031", 1, 1),
    ]
    assert pick.total_qty == 8 and pick.total_orders == 4
    # One unchecked unit makes the whole line "open and verify".
    assert [ln.spot_checked for ln in pick.lines] == [True, False, True]


def test_pick_list_pdf_is_scannable_and_totals_are_printed() -> None:
    data = render_pick_list_pdf(_pick())
    (page,) = pdf_pages(data, 200)
    assert ("Code128", "PK-1600-01") in decode(page)
    (text,) = pdf_text(data)
    for needle in ("配货单", "合计", "需验", "已抽", "A01-01-01", "11月23日 16:00"):
        assert needle in text, needle


def test_sort_list_merges_repeated_skus_per_slot_and_marks_special() -> None:
    line = SortLine(sku_barcode="6900000000017", sku_name="筒灯", spec="暖光", qty=1)
    sort = build_sort_list(
        sort_list_id="SO-1600-01",
        printed_at=PRINTED,
        orders=[
            ("tb:1", Carrier.SF, False, [line, line]),
            ("jd:9", Carrier.ZTO, True, [line]),
        ],
        **IDS,
    )
    assert [(s.slot_no, s.order_no, s.special) for s in sort.slots] == [
        (1, "tb:1", False),
        (2, "jd:9", True),
    ]
    assert sort.slots[0].lines[0].qty == 2
    data = render_sort_list_pdf(sort)
    (text,) = pdf_text(data)
    assert "二次分拣单" in text and "002 jd:9 中通快递 剪角" in text
    (page,) = pdf_pages(data, 200)
    assert ("Code128", "SO-1600-01") in decode(page)


def test_long_sort_list_paginates_with_the_barcode_on_every_page() -> None:
    line = SortLine(sku_barcode="6900000000017", sku_name="筒灯", spec="暖光", qty=1)
    orders = [(f"tb:{n}", Carrier.SF, False, [line]) for n in range(120)]
    sort = build_sort_list(sort_list_id="SO-BIG", printed_at=PRINTED, orders=orders, **IDS)
    data = render_sort_list_pdf(sort)
    pages = pdf_pages(data, 150)
    assert len(pages) >= 3
    texts = pdf_text(data)
    assert all(f"第 {n} / {len(pages)} 页" in t for n, t in enumerate(texts, start=1))
    assert "合计" in texts[-1] and "合计" not in texts[0]
    assert all(("Code128", "SO-BIG") in decode(p) for p in pages)


def _slip(order: str) -> PackingSlip:
    return packing_slip(order, note="贺卡：新婚快乐")


def test_packing_slips_one_page_each_with_order_barcode() -> None:
    data = render_packing_slips_pdf([_slip("tb:1"), _slip("tb:2")])
    texts = pdf_text(data)
    assert len(texts) == 2
    assert "发货单" in texts[0] and "139****1111" in texts[0] and "13900001111" not in texts[0]
    assert "贺卡：新婚快乐" in texts[1]
    pages = pdf_pages(data, 200)
    assert ("Code128", "tb:2") in decode(pages[1])


def test_empty_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="no packing slips"):
        render_packing_slips_pdf([])
