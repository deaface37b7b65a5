"""Printer resolutions for raster output, one definition for labels, lists and the HTTP edge."""

from __future__ import annotations

from enum import IntEnum

from PIL import Image

from server.printing.barcodes import (
    CODE128_QUIET,
    MAX_MODULE_MM,
    Code128,
    code128_image,
    module_dots,
)


class Dpi(IntEnum):
    """203 dpi (8 dots/mm) is the common thermal head; 300 dpi the fine one and office lasers."""

    D203 = 203
    D300 = 300


SUPPORTED_DPI = tuple(int(d) for d in Dpi)


def check_dpi(dpi: int) -> Dpi:
    """The Dpi for an int, or ValueError naming the supported ones."""
    try:
        return Dpi(dpi)
    except ValueError:
        raise ValueError(f"dpi must be one of {SUPPORTED_DPI}, got {dpi}") from None


def px(mm: float, dpi: int) -> int:
    return round(mm / 25.4 * dpi)


def paste_code128(
    img: Image.Image, symbol: Code128, x: float, y: float, w: float, h: float, dpi: int
) -> None:
    """Whole-dot modules centred in the box (mm): the bars decode straight from the PNG."""
    avail = px(w, dpi)
    mod = module_dots(avail, symbol.modules, CODE128_QUIET, max(1, px(MAX_MODULE_MM, dpi)))
    bars = code128_image(symbol, mod, px(h, dpi))
    img.paste(bars, (px(x, dpi) + (avail - bars.width) // 2, px(y, dpi)))
