"""A4 table documents: repeating page heading, column header, page x/y footer.

Rows have one fixed height and clipped cells, so a 6,000-line sort list paginates in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from server.printing.barcodes import code128
from server.printing.pdfbase import FAMILY, PT_PER_MM, PacklinePdf
from server.printing.textfit import truncate, width

A4 = (210.0, 297.0)
MARGIN = 12.0
ROW_H = 6.4
CELL_SIZE = 3.4  # em size in mm (about 9.6 pt): readable at arm's length in a warehouse
PAD = 1.2
FOOTER_Y = A4[1] - 9.0
PAGES = "{pages}"  # fpdf2 replaces this alias with the page total when the document closes


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float
    align: Literal["L", "R", "C"] = "L"


@dataclass(slots=True)
class Heading:
    """Per-page heading; the barcode is repeated on every page so any page can be scanned."""

    title: str
    lines: list[str] = field(default_factory=list)
    barcode: str | None = None
    footer: str = ""


class TablePdf(PacklinePdf):
    dot_dpi = 600

    def __init__(self, heading: Heading, columns: Sequence[Column], numbered: bool = True) -> None:
        super().__init__(A4, title=heading.title)
        self.numbered = numbered
        if numbered:
            # Seven digits reserved, so even a 3,000-page sort list has room for its total.
            self.alias_nb_pages(PAGES, align="C")
        self.heading = heading
        self.columns = tuple(columns)
        self.set_fill_color(0)
        self.set_draw_color(0)
        self.set_line_width(0.15)
        self.row_y = MARGIN
        self.page_footer = heading.footer
        self.body_rows = 0

    # fpdf2 calls header() from add_page() and footer() when a page is closed.
    def header(self) -> None:
        h = self.heading
        right = A4[0] - MARGIN
        text_w = A4[0] - 2 * MARGIN - (74 if h.barcode else 0)
        self.text_top(MARGIN, MARGIN, 7.0, h.title, bold=True)
        y = MARGIN + 9.5
        for line in h.lines:
            self.text_top(MARGIN, y, 3.4, truncate(line, 3.4, text_w), bold=False)
            y += 4.8
        if h.barcode:
            self.code128(code128(h.barcode), right - 72, MARGIN, 72, 11)
            bw = width(h.barcode, 3.2, True)
            self.text_top(right - 36 - bw / 2, MARGIN + 12, 3.2, h.barcode, bold=True)
            y = max(y, MARGIN + 17)
        self.set_line_width(0.4)
        self.line(MARGIN, y + 1, right, y + 1)
        self.set_line_width(0.15)
        self.row_y = y + 2.5
        self.row([c.title for c in self.columns], bold=True, shade=True)
        self.body_rows = 0

    def footer(self) -> None:
        if self.numbered:  # via cell(): fpdf2 substitutes the page-total alias in cells only
            self.set_font(FAMILY, "", 3.0 * PT_PER_MM)
            self.set_xy(MARGIN, FOOTER_Y)
            label = f"第 {self.page_no()} / {PAGES} 页"
            self.cell(w=A4[0] - 2 * MARGIN, h=3.0, text=label, align="C")
        if self.page_footer:
            self.text_top(MARGIN, FOOTER_Y, 3.0, self.page_footer)

    def room(self, rows: int) -> bool:
        return self.row_y + rows * ROW_H <= FOOTER_Y - 3

    def ensure(self, rows: int = 1) -> None:
        """New page unless `rows` more rows fit; used to keep an order's lines together."""
        if not self.room(rows) and self.body_rows > 0:
            self.add_page()

    def row(self, cells: Sequence[str], bold: bool = False, shade: bool = False) -> None:
        if not self.room(1):
            self.add_page()
        y = self.row_y
        x = MARGIN
        if shade:
            self.set_fill_color(230)
            self.rect(MARGIN, y, A4[0] - 2 * MARGIN, ROW_H, style="F")
            self.set_fill_color(0)
        top = y + (ROW_H - CELL_SIZE) / 2
        for col, cell in zip(self.columns, cells, strict=True):
            inner = col.width - 2 * PAD
            s = truncate(cell, CELL_SIZE, inner, bold)
            if col.align == "L":
                left = x + PAD
            else:
                w = width(s, CELL_SIZE, bold)
                left = x + col.width - PAD - w if col.align == "R" else x + (col.width - w) / 2
            self.text_top(left, top, CELL_SIZE, s, bold)
            x += col.width
        self.line(MARGIN, y + ROW_H, A4[0] - MARGIN, y + ROW_H)
        self.row_y = y + ROW_H
        self.body_rows += 1

    def rule(self, thickness: float = 0.4) -> None:
        """A heavier line above the current row: separates order groups on the sort list."""
        self.set_line_width(thickness)
        self.line(MARGIN, self.row_y, A4[0] - MARGIN, self.row_y)
        self.set_line_width(0.15)
