"""A4 table documents as PDF: the shared TableLayout drawn with fpdf2."""

from __future__ import annotations

from collections.abc import Sequence

from server.printing.barcodes import Code128
from server.printing.pdfbase import FAMILY, PT_PER_MM, PacklinePdf
from server.printing.tablelayout import (
    A4,
    FOOTER_Y,
    MARGIN,
    RIGHT,
    SHADE,
    THIN,
    Column,
    Heading,
    TableLayout,
)

__all__ = ["A4", "MARGIN", "Column", "Heading", "TablePdf"]

PAGES = "{pages}"  # fpdf2 replaces this alias with the page total when the document closes


class TablePdf(TableLayout, PacklinePdf):
    # A4 lists go to office laser printers (600 dpi): a fine grid keeps long codes scannable.
    dot_dpi = 600

    def __init__(self, heading: Heading, columns: Sequence[Column], numbered: bool = True) -> None:
        PacklinePdf.__init__(self, A4, title=heading.title)
        self._setup(heading, columns, numbered)
        if numbered:
            # Seven digits reserved, so even a 3,000-page sort list has room for its total.
            self.alias_nb_pages(PAGES, align="C")
        self.set_fill_color(0)
        self.set_draw_color(0)
        self.set_line_width(THIN)

    def new_page(self) -> None:
        self.add_page()  # fpdf2 calls footer() for the page it closes, then header()

    def _text(self, x: float, y: float, size: float, s: str, bold: bool = False) -> None:
        self.text_top(x, y, size, s, bold)

    def _hline(self, y: float, thickness: float) -> None:
        self.set_line_width(thickness)
        self.line(MARGIN, y, RIGHT, y)
        self.set_line_width(THIN)

    def _shade(self, y: float, h: float) -> None:
        self.set_fill_color(SHADE)
        self.rect(MARGIN, y, A4[0] - 2 * MARGIN, h, style="F")
        self.set_fill_color(0)

    def _bars(self, symbol: Code128, x: float, y: float, w: float, h: float) -> None:
        self.code128(symbol, x, y, w, h)

    def _page_number(self) -> None:
        # Through cell(): fpdf2 substitutes the page-total alias in cells only.
        self.set_font(FAMILY, "", 3.0 * PT_PER_MM)
        self.set_xy(MARGIN, FOOTER_Y)
        label = f"第 {self.page_no()} / {PAGES} 页"
        self.cell(w=A4[0] - 2 * MARGIN, h=3.0, text=label, align="C")
