"""A4 lists as PNG at 203 and 300 dpi: real pixel size, barcodes that decode, real CJK glyphs."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import partial

import pytest
from PIL import Image, ImageChops
from support.labels import PRINTED, decode, packing_slip, pdf_pages, pdf_text

from server.printing import list_png
from server.printing.documents import (
    Carrier,
    HandoffEntry,
    HandoffSheet,
    PickDemand,
    PickList,
    SortLine,
    SortList,
)
from server.printing.list_layout import draw_pick_list, draw_sort_list
from server.printing.list_pdf import render_sort_list_pdf
from server.printing.list_png import (
    TooManyPagesError,
    render_handoff_sheet_png,
    render_packing_slips_png,
    render_pick_list_png,
    render_sort_list_png,
)
from server.printing.lists import build_pick_list, build_sort_list
from server.printing.raster import Dpi
from server.printing.tablepng import TablePng
from server.printing.textfit import width
from server.waves.render import DocKind, Fmt, UnsupportedFormatError, list_doc

IDS = {
    "wave_id": "SH01-20261123-1600",
    "wave_name": "11月23日 16:00 批次",
    "warehouse": "上海一号仓",
}
NOT_IN_FONT = "\U000f0000"  # Noto CJK has no glyph here: it draws the .notdef box (tofu)
DPIS = [203, 300]


def _pick() -> PickList:
    demands = [
        PickDemand(
            order_no=f"TB{n}",
            sku_barcode=f"690000000001{n % 3}",
            sku_name=f"LED 吸顶灯 {n % 3} 号",
            spec="白光 24W",
            location_code=f"A0{n % 3}-01-01",
            walk_order=n % 3,
            qty=1 + n % 2,
            spot_checked=n % 3 != 1,
        )
        for n in range(9)
    ]
    return build_pick_list(
        pick_list_id="PK-SH01-20261123-1600", printed_at=PRINTED, demands=demands, **IDS
    )


def _sort(n: int) -> SortList:
    line = SortLine(sku_barcode="6900000000017", sku_name="筒灯", spec="暖光", qty=1)
    orders = [(f"TB2611230000{k:05d}", Carrier.SF, k % 5 == 0, [line]) for k in range(n)]
    return build_sort_list(
        sort_list_id="SO-SH01-20261123-1600", printed_at=PRINTED, orders=orders, **IDS
    )


def _image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


@pytest.mark.parametrize("dpi", DPIS)
def test_pick_list_png_is_a4_at_printer_dpi_and_its_barcode_decodes(dpi: int) -> None:
    (page,) = render_pick_list_png(_pick(), dpi)
    img = _image(page)
    assert img.size == (round(210 / 25.4 * dpi), round(297 / 25.4 * dpi))
    assert round(img.info["dpi"][0]) == dpi  # print dialogs must not rescale the page
    assert img.mode == "L"
    assert ("Code128", "PK-SH01-20261123-1600") in decode(img)


@pytest.mark.parametrize("dpi", DPIS)
def test_every_list_kind_decodes_from_png(dpi: int) -> None:
    (sort,) = render_sort_list_png(_sort(10), dpi)
    assert ("Code128", "SO-SH01-20261123-1600") in decode(_image(sort))
    slip = packing_slip()
    pages = render_packing_slips_png([slip, slip], dpi)
    assert len(pages) == 2 and ("Code128", slip.order_no) in decode(_image(pages[1]))
    sheet = HandoffSheet(
        barcode="PK-SH01-20261123-1600",
        wave_id="SH01-20261123-1600",
        wave_name="11月23日 16:00 批次",
        warehouse="上海一号仓",
        printed_at=PRINTED,
        handed_by="P001",
        order_nos=tuple(f"TB{n}" for n in range(40)),
        handoffs=(
            HandoffEntry(
                document="PK-SH01-20261123-1600",
                handed_by="P001",
                received_by="K001",
                order_count=40,
                signed_at=PRINTED,
            ),
        ),
    )
    (page,) = render_handoff_sheet_png(sheet, dpi)
    assert ("Code128", "PK-SH01-20261123-1600") in decode(_image(page))


def test_long_list_has_as_many_png_pages_as_pdf_pages_each_scannable() -> None:
    sort = _sort(120)
    pages = render_sort_list_png(sort, 203)
    assert len(pages) == len(pdf_pages(render_sort_list_pdf(sort), 50)) >= 3
    assert all(("Code128", sort.sort_list_id) in decode(_image(p)) for p in pages)


def test_a_barcode_too_long_for_203_dpi_is_a_clear_refusal_not_a_crash() -> None:
    # the longest platform order number an import accepts
    slip = packing_slip("X" * 64, carrier=Carrier.SF, tracking_no="SF1234567890123")
    with pytest.raises(UnsupportedFormatError, match="ask for dpi=300 or format=pdf"):
        list_doc(DocKind.PACKING_SLIPS, Fmt.PNG, [slip], Dpi.D203)
    data, ext = list_doc(DocKind.PACKING_SLIPS, Fmt.PNG, [slip], Dpi.D300)
    assert ext == "png" and ("Code128", slip.order_no) in decode(_image(data))


def test_too_many_pages_for_png_is_refused_before_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(list_png, "MAX_PNG_PAGES", 2)
    with pytest.raises(TooManyPagesError, match="ask for format=pdf"):
        render_sort_list_png(_sort(120), 203)


class _Recording(TablePng):
    """Draws like TablePng, remembering where each CJK string went; may swap it for tofu."""

    def __init__(
        self,
        *args: object,
        tofu: bool,
        boxes: list[tuple[str, int, tuple[float, ...]]],
        **kw: object,
    ) -> None:
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.tofu = tofu
        self.boxes = boxes

    def _text(self, x: float, y: float, size: float, s: str, bold: bool = False) -> None:
        if any(ord(c) >= 0x2E80 for c in s):
            self.boxes.append((s, len(self.pages), (x, y, x + width(s, size, bold), y + size)))
            if self.tofu:
                s = "".join(NOT_IN_FONT if ord(c) >= 0x2E80 else c for c in s)
        super()._text(x, y, size, s, bold)


def _draw(
    draw: object, doc: object, dpi: Dpi, tofu: bool
) -> tuple[list[bytes], list[tuple[str, int, tuple[float, ...]]]]:
    boxes: list[tuple[str, int, tuple[float, ...]]] = []
    make = partial(_Recording, dpi=dpi, tofu=tofu, boxes=boxes)
    pages = draw(doc, make).finish()  # type: ignore[operator]
    return pages, boxes


@pytest.mark.parametrize("dpi", [Dpi.D203, Dpi.D300])
@pytest.mark.parametrize("kind", ["pick", "sort"])
def test_list_png_chinese_is_drawn_with_real_glyphs_not_tofu(dpi: Dpi, kind: str) -> None:
    """The same page with every CJK character swapped for one the font lacks must differ in
    every Chinese text box; if the font had no CJK glyphs, both would draw the same boxes."""
    draw, doc = (draw_pick_list, _pick()) if kind == "pick" else (draw_sort_list, _sort(12))
    real_pages, boxes = _draw(draw, doc, dpi, tofu=False)
    tofu_pages, _ = _draw(draw, doc, dpi, tofu=True)
    real = [_image(p) for p in real_pages]
    tofu = [_image(p) for p in tofu_pages]
    assert len(boxes) >= 15
    k = dpi / 25.4
    for text, page, (x0, y0, x1, y1) in boxes:
        crop = (round(x0 * k), round(y0 * k), round(x1 * k), round(y1 * k))
        diff = ImageChops.difference(real[page].crop(crop), tofu[page].crop(crop))
        assert diff.getbbox() is not None, f"{text!r} rendered as tofu"
    again, _ = _draw(draw, doc, dpi, tofu=True)
    assert again == tofu_pages  # deterministic: the comparison is meaningful


def _texts(boxes: Sequence[tuple[str, int, tuple[float, ...]]]) -> list[str]:
    return [t for t, _p, _b in boxes]


def test_png_pages_carry_the_same_chinese_text_as_the_pdf_layout() -> None:
    sort = _sort(12)
    _, boxes = _draw(draw_sort_list, sort, Dpi.D203, tofu=False)
    texts = _texts(boxes)
    assert "二次分拣单" in texts and "剪角" in texts and "第 1 / 1 页" in texts
    (pdf,) = pdf_text(render_sort_list_pdf(sort))
    words = " ".join(pdf.split())  # text extraction collapses the heading's runs of spaces
    assert [t for t in texts if " ".join(t.split()) not in words] == []
