"""Shipping label as a PNG at the printer's real pixel size (mm / 25.4 * dpi).

Barcodes are pasted as whole-pixel modules (NEAREST upscaling of a 1 px/module symbol), so a
203 dpi thermal head prints them exactly and they decode straight from the PNG.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from server.printing.barcodes import MAX_MODULE_MM, QR_QUIET, module_dots, qr_image
from server.printing.documents import LabelData
from server.printing.fonts import ASCENT_EM, pil_font
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
from server.printing.raster import check_dpi, paste_code128
from server.printing.raster import px as _px


def draw_layout(layout: LabelLayout, dpi: int) -> Image.Image:
    """Grey-scale ("L") so text keeps its anti-aliasing; bars and QR are pure black/white."""
    size = (_px(layout.width, dpi), _px(layout.height, dpi))
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    max_qr_mod = 2 * max(1, _px(MAX_MODULE_MM, dpi))
    for el in layout.elements:
        if isinstance(el, Text):
            font = pil_font(el.bold, max(1, _px(el.size, dpi)))
            base = (el.x / 25.4 * dpi, (el.y + el.size * ASCENT_EM) / 25.4 * dpi)
            draw.text(base, el.text, fill=255 if el.white else 0, font=font, anchor="ls")
        elif isinstance(el, Box):
            x0, y0 = _px(el.x, dpi), _px(el.y, dpi)
            x1 = x0 + max(1, _px(el.w, dpi)) - 1
            y1 = y0 + max(1, _px(el.h, dpi)) - 1
            draw.rectangle((x0, y0, x1, y1), fill=0)
        elif isinstance(el, Frame):
            stroke = max(1, _px(el.stroke, dpi))
            box = (_px(el.x, dpi), _px(el.y, dpi), _px(el.x + el.w, dpi), _px(el.y + el.h, dpi))
            draw.rectangle(box, outline=0, width=stroke)
        elif isinstance(el, Triangle):
            draw.polygon([(_px(x, dpi), _px(y, dpi)) for x, y in el.points], fill=0)
        elif isinstance(el, Barcode):
            paste_code128(img, el.symbol, el.x, el.y, el.w, el.h, dpi)
        elif isinstance(el, QRCode):
            side = _px(el.side, dpi)
            mod = module_dots(side, el.matrix.size, QR_QUIET, max_qr_mod)
            sym = qr_image(el.matrix, mod)
            offset = (side - sym.width) // 2
            img.paste(sym, (_px(el.x, dpi) + offset, _px(el.y, dpi) + offset))
    return img


def render_label_image(
    label: LabelData, size: LabelSize = LabelSize.E_WAYBILL_76X130, dpi: int = 203
) -> Image.Image:
    return draw_layout(layout_label(label, size), check_dpi(dpi))


def render_label_png(
    label: LabelData, size: LabelSize = LabelSize.E_WAYBILL_76X130, dpi: int = 203
) -> bytes:
    """PNG bytes with the dpi recorded, so print dialogs do not rescale the label."""
    out = io.BytesIO()
    render_label_image(label, size, dpi).save(out, format="PNG", dpi=(dpi, dpi), optimize=False)
    return out.getvalue()
