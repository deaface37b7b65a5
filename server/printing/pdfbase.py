"""fpdf2 plumbing shared by label and list PDFs: embedded CJK font, text by em box, bars.

The CJK faces are parsed once per document (fpdf2 embeds a subset of only the glyphs used at
output time); text is never shaped, which keeps a 3,000-page wave fast.
"""

from __future__ import annotations

from fpdf import FPDF

from server.printing.barcodes import CODE128_QUIET, Code128, QRMatrix, module_dots
from server.printing.fonts import ASCENT_EM, face

FAMILY = "packline-cjk"
PT_PER_MM = 72 / 25.4
DOT_DPI = 203  # bars snap to this printer grid: most e-waybill thermal heads are 8 dots/mm
MAX_MODULE_MM = 0.5


class PacklinePdf(FPDF):
    """FPDF in millimetres with the CJK faces registered and no automatic page breaks."""

    def __init__(self, page_mm: tuple[float, float], title: str) -> None:
        super().__init__(orientation="P", unit="mm", format=page_mm)
        for style, bold in (("", False), ("B", True)):
            f = face(bold)
            self.add_font(FAMILY, style, str(f.path), collection_font_number=f.index)
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.set_title(title)
        self.set_creator("Packline")
        self._white = False

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

    def code128(self, symbol: Code128, x: float, y: float, w: float, h: float) -> float:
        """Bars centred in the box on the printer dot grid; returns the symbol width in mm."""
        dot = 25.4 / DOT_DPI
        max_dots = max(1, round(MAX_MODULE_MM / dot))
        mod = module_dots(int(w / dot), symbol.modules, CODE128_QUIET, max_dots) * dot
        left = x + (w - symbol.modules * mod) / 2
        for start, run in symbol.bars:
            self.rect(left + start * mod, y, run * mod, h, style="F")
        return symbol.modules * mod

    def qr(self, matrix: QRMatrix, x: float, y: float, side: float) -> None:
        """1 px/module image (not interpolated), sized to whole dots with a 4-module margin."""
        dot = 25.4 / DOT_DPI
        max_dots = max(1, round(MAX_MODULE_MM / dot)) * 2
        mod = module_dots(int(side / dot), matrix.size, 4, max_dots) * dot
        size = matrix.size * mod
        offset = (side - size) / 2
        self.image(matrix.image(), x + offset, y + offset, size, size)
