"""Shipping labels as one PDF per wave: page = label size, one label per page."""

from __future__ import annotations

from collections.abc import Iterable

from server.printing.documents import LabelData
from server.printing.label_layout import (
    Barcode,
    Box,
    Frame,
    LabelLayout,
    LabelSize,
    QRCode,
    Text,
    Triangle,
    layout_label,
)
from server.printing.pdfbase import PacklinePdf


def _draw(pdf: PacklinePdf, layout: LabelLayout) -> None:
    for el in layout.elements:
        if isinstance(el, Text):
            pdf.text_top(el.x, el.y, el.size, el.text, el.bold, el.white)
        elif isinstance(el, Box):
            pdf.rect(el.x, el.y, el.w, el.h, style="F")
        elif isinstance(el, Frame):
            pdf.set_line_width(el.stroke)
            pdf.rect(el.x, el.y, el.w, el.h, style="D")
        elif isinstance(el, Triangle):
            pdf.polygon(list(el.points), style="F")
        elif isinstance(el, Barcode):
            pdf.code128(el.symbol, el.x, el.y, el.w, el.h)
        elif isinstance(el, QRCode):
            pdf.qr(el.matrix, el.x, el.y, el.side)


def render_labels_pdf(
    labels: Iterable[LabelData], size: LabelSize = LabelSize.E_WAYBILL_76X130
) -> bytes:
    """All labels of a wave in one document, so the font subset is embedded only once."""
    todo = list(labels)
    if not todo:
        raise ValueError("no labels to print")
    w, h = size.mm
    pdf = PacklinePdf((w, h), title=f"快递单 {size.value}")
    pdf.set_fill_color(0)
    pdf.set_draw_color(0)
    for label in todo:
        pdf.add_page()
        _draw(pdf, layout_label(label, size))
    return pdf.finish()
