"""Barcode symbols as module grids, so each renderer scales them by whole printer dots.

zxing-cpp encodes; we take one pixel per module and never resample with interpolation, so
bars stay pixel-exact and decode on a 203 dpi thermal head as well as on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import zxingcpp
from PIL import Image

from server.printing.errors import BarcodeTooWideError

CODE128_QUIET = 10  # modules of white each side, per ISO/IEC 15417
QR_QUIET = 4  # modules, per ISO/IEC 18004
MAX_MODULE_MM = 0.5  # wider bars only waste paper; 0.5 mm scans from arm's length


@dataclass(frozen=True, slots=True)
class Code128:
    """Bars as (start module, width in modules) runs; `modules` is the symbol width."""

    text: str
    modules: int
    bars: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class QRMatrix:
    text: str
    size: int
    dark: bytes  # size*size bytes, 0 = dark, 255 = light (ready for an "L" image)

    def image(self) -> Image.Image:
        """One pixel per module, 1-bit: what PDFs embed and PNGs upscale with NEAREST."""
        return Image.frombytes("L", (self.size, self.size), self.dark).convert("1")


def _pixels(barcode: zxingcpp.Barcode) -> tuple[int, int, bytes]:
    img = zxingcpp.write_barcode_to_image(barcode, scale=1, add_quiet_zones=False)
    pil = Image.fromarray(img)  # via __array_interface__, no numpy needed
    return pil.width, pil.height, pil.convert("L").tobytes()


@lru_cache(maxsize=256)
def code128(text: str) -> Code128:
    """Encode with an explicit format; zxing picks the densest code sets (C for digit runs)."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128)
    width, _, data = _pixels(barcode)
    row = data[:width]
    bars: list[tuple[int, int]] = []
    start = -1
    for i, value in enumerate(row):
        if value < 128 and start < 0:
            start = i
        elif value >= 128 and start >= 0:
            bars.append((start, i - start))
            start = -1
    if start >= 0:
        bars.append((start, width - start))
    return Code128(text, width, tuple(bars))


@lru_cache(maxsize=256)
def qr(text: str) -> QRMatrix:
    """Error level M: survives a scuffed label without growing past version 3 for our payload."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    width, height, data = _pixels(barcode)
    if width != height:  # pragma: no cover - zxing always returns a square QR
        raise ValueError(f"QR image is not square: {width}x{height}")
    return QRMatrix(text, width, data)


def module_dots(available_dots: int, modules: int, quiet: int, max_dots: int) -> int:
    """Largest whole-dot module that fits with quiet zones; wider than max_dots adds nothing."""
    dots = min(available_dots // (modules + 2 * quiet), max_dots)
    if dots < 1:
        raise BarcodeTooWideError(
            f"{modules} modules + quiet zones do not fit in {available_dots} dots"
        )
    return dots


def code128_image(symbol: Code128, module: int, height: int) -> Image.Image:
    """Bars only (no quiet zone), `module` pixels per module, for pasting onto a label."""
    row = bytearray(b"\xff" * symbol.modules)
    for start, width in symbol.bars:
        row[start : start + width] = b"\x00" * width
    strip = Image.frombytes("L", (symbol.modules, 1), bytes(row))
    return strip.resize((symbol.modules * module, height), Image.Resampling.NEAREST)


def qr_image(matrix: QRMatrix, module: int) -> Image.Image:
    side = matrix.size * module
    img = Image.frombytes("L", (matrix.size, matrix.size), matrix.dark)
    return img.resize((side, side), Image.Resampling.NEAREST)
