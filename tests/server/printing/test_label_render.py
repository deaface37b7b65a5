"""Shipping labels 快递单 at both sizes, PNG (203/300 dpi) and PDF, decoded with zxing-cpp."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from support.labels import decode, make_label, pdf_pages, pdf_text

from server.printing.documents import Carrier
from server.printing.label_layout import LabelSize
from server.printing.label_pdf import render_labels_pdf
from server.printing.label_png import render_label_image, render_label_png

SIZES = list(LabelSize)
DPIS = [203, 300]


def _expected(tracking: str = "SF1234567890123", version: int = 2) -> list[tuple[str, str]]:
    qr = f"PL1;{tracking};taobao:4012345678901234;v{version}"
    return sorted([("Code128", tracking), ("QRCode", qr)])


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("size", SIZES)
def test_png_label_decodes_at_printer_size(size: LabelSize, dpi: int) -> None:
    data = render_label_png(make_label(), size, dpi)
    img = Image.open(io.BytesIO(data))
    w_mm, h_mm = size.mm
    assert img.size == (round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi))
    assert round(img.info["dpi"][0]) == dpi  # print dialogs must not rescale the label
    assert decode(img) == _expected()


@pytest.mark.parametrize("size", SIZES)
def test_pdf_label_page_is_label_size_and_decodes(size: LabelSize) -> None:
    data = render_labels_pdf([make_label()], size)
    assert data.startswith(b"%PDF-")
    for dpi in DPIS:
        (page,) = pdf_pages(data, dpi)
        w_mm, h_mm = size.mm
        assert abs(page.width - w_mm / 25.4 * dpi) <= 1
        assert abs(page.height - h_mm / 25.4 * dpi) <= 1
        assert decode(page) == _expected()


def test_pdf_wave_has_one_page_per_label_each_with_its_own_codes() -> None:
    labels = [
        make_label(tracking_no=f"YT{n:013d}", carrier=Carrier.YTO, label_version=1)
        for n in (1, 22, 333)
    ]
    pages = pdf_pages(render_labels_pdf(labels, LabelSize.LABEL_100X150), 203)
    assert len(pages) == 3
    for lb, page in zip(labels, pages, strict=True):
        assert decode(page) == _expected(lb.tracking_no, 1)


def test_label_text_carries_carrier_recipient_address_order_and_mark() -> None:
    (text,) = pdf_text(render_labels_pdf([make_label()], LabelSize.E_WAYBILL_76X130))
    flat = text.replace("\r", "").replace("\n", "")
    for needle in ("顺丰速运", "王小明", "138****5678", "浙江省杭州市西湖区文三路", "剪角"):
        assert needle in flat, needle
    assert "taobao:4012345678901234" in flat
    assert "13812345678" not in flat  # the full phone never goes on paper


def test_ordinary_label_has_no_special_mark() -> None:
    lb = make_label(special=False, special_request=None)
    (text,) = pdf_text(render_labels_pdf([lb], LabelSize.E_WAYBILL_76X130))
    assert "剪角" not in text


def test_special_mark_is_a_black_corner_on_the_png() -> None:
    special = render_label_image(make_label(), LabelSize.E_WAYBILL_76X130, 203)
    plain = render_label_image(make_label(special=False), LabelSize.E_WAYBILL_76X130, 203)
    corner = (special.width - 20, 12)  # inside the cut-corner triangle, top right
    assert special.getpixel(corner) == 0
    assert plain.getpixel(corner) == 255


def test_very_long_address_still_decodes() -> None:
    lb = make_label(address_detail="幸福小区" * 40, recipient_name="欧阳" * 10)
    img = render_label_image(lb, LabelSize.E_WAYBILL_76X130, 203)
    assert decode(img) == _expected()


def test_unsupported_dpi_and_bad_tracking_are_refused() -> None:
    with pytest.raises(ValueError, match="dpi"):
        render_label_png(make_label(), LabelSize.E_WAYBILL_76X130, 150)
    with pytest.raises(ValueError, match="tracking_no"):
        make_label(tracking_no="SF 12^34")
    with pytest.raises(ValueError, match="no labels"):
        render_labels_pdf([], LabelSize.E_WAYBILL_76X130)
