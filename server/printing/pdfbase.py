"""fpdf2 plumbing shared by label and list PDFs: embedded CJK font, text by em box, bars.

The CJK faces are parsed once per document (fpdf2 embeds a subset of only the glyphs used at
output time); text is never shaped, which keeps a 3,000-page wave fast.
"""

from __future__ import annotations

import logging

from fpdf import FPDF

from server.printing.barcodes import (
    CODE128_QUIET,
    MAX_MODULE_MM,
    Code128,
    QRMatrix,
    module_dots,
)
from server.printing.fonts import ASCENT_EM, face

# fontTools logs dozens of INFO lines ("hmtx subsetted", ...; 66 for a one-slip PDF) per PDF:
# noise that buried the request log (and filled the stdout pipe of a supervised server).
logging.getLogger("fontTools").setLevel(logging.WARNING)

FAMILY = "packline-cjk"
PT_PER_MM = 72 / 25.4
DOT_DPI = 203  # bars snap to this printer grid: most e-waybill thermal heads are 8 dots/mm


class PacklinePdf(FPDF):
    """FPDF in millimetres with the CJK faces registered and no automatic page breaks."""

    # Bars snap to the printer's dot grid: thermal label heads are 203 dpi; A4 lists go to
    # office laser printers (600 dpi), where a finer grid keeps long codes wide enough to scan.
    dot_dpi = DOT_DPI

    def __init__(self, page_mm: tuple[float, float], title: str) -> None:
        super().__init__(orientation="P", unit="mm", format=page_mm)
        for style, bold in (("", False), ("B", True)):
            f = face(bold)
            self.add_font(FAMILY, style, str(f.path), collection_font_number=f.index)
        self.set_auto_page_break(False)
        # No page-total alias unless a document asks for one: substituting it walks every page.
        self.alias_nb_pages(None)  # type: ignore[arg-type]
        self.set_margins(0, 0, 0)
        self.set_title(title)
        self.set_creator("Packline")
        self._white = False

    def finish(self) -> bytes:
        """The finished document; the font files fpdf2 kept open for subsetting are closed."""
        data = bytes(self.output())
        for font in self.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()
        return data

    def text_top(
        self, x: float, y: float, size: float, s: str, bold: bool = False, white: bool = False
    ) -> None:
        """Write s with its em box top at y (mm) and em size `size` (mm)."""
        if not s:
            return
        self.set_font(FAMILY, "B" if bold else "", size * PT_PER_MM)
        if white != self._white:
            self.set_text_color(255 if white else 0)
            self._white = white
        self.text(x, y + size * ASCENT_EM, s)

    def _fill(self, rects: list[tuple[float, float, float, float]]) -> None:
        """Black rectangles (mm, top-left origin) as one path: one fill operator per symbol.

        fpdf2's rect() costs tens of microseconds each; a 3,000-label wave has ~500,000 bars
        and QR runs, so they are written as raw `re` operators in a saved graphics state.
        """
        k, top = self.k, self.h
        ops = " ".join(
            f"{x * k:.3f} {(top - y) * k:.3f} {w * k:.3f} {-h * k:.3f} re" for x, y, w, h in rects
        )
        self._out(f"q 0 g {ops} f Q")

    def code128(self, symbol: Code128, x: float, y: float, w: float, h: float) -> float:
        """Bars centred in the box on the printer dot grid; returns the symbol width in mm."""
        dot = 25.4 / self.dot_dpi
        max_dots = max(1, round(MAX_MODULE_MM / dot))
        mod = module_dots(int(w / dot), symbol.modules, CODE128_QUIET, max_dots) * dot
        left = x + (w - symbol.modules * mod) / 2
        self._fill([(left + start * mod, y, run * mod, h) for start, run in symbol.bars])
        return symbol.modules * mod

    def qr(self, matrix: QRMatrix, x: float, y: float, side: float) -> None:
        """Dark modules as horizontal runs, sized to whole dots with a 4-module margin."""
        dot = 25.4 / self.dot_dpi
        max_dots = max(1, round(MAX_MODULE_MM / dot)) * 2
        mod = module_dots(int(side / dot), matrix.size, 4, max_dots) * dot
        offset = (side - matrix.size * mod) / 2
        x0, y0 = x + offset, y + offset
        rects: list[tuple[float, float, float, float]] = []
        n, dark = matrix.size, matrix.dark
        for r in range(n):
            row = dark[r * n : (r + 1) * n]
            c = 0
            while c < n:
                if row[c] == 0:
                    start = c
                    while c < n and row[c] == 0:
                        c += 1
                    rects.append((x0 + start * mod, y0 + r * mod, (c - start) * mod, mod))
                else:
                    c += 1
        self._fill(rects)
