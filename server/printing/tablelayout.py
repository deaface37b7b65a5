"""A4 table layout shared by every list format: page heading, column header, rows, footer.

The layout decides where things go once; the PDF and PNG surfaces only draw primitives, so a
pick list reads the same on paper from either format (and from the PWA's print view).
Rows have one fixed height and clipped cells, so a 6,000-line sort list paginates in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from server.printing.barcodes import Code128, code128
from server.printing.textfit import truncate, width

A4 = (210.0, 297.0)
MARGIN = 12.0
RIGHT = A4[0] - MARGIN
ROW_H = 6.4
CELL_SIZE = 3.4  # em size in mm (about 9.6 pt): readable at arm's length in a warehouse
PAD = 1.2
FOOTER_Y = A4[1] - 9.0
THIN, THICK = 0.15, 0.4  # rule widths in mm
SHADE = 230  # header row grey (0 black .. 255 white)
BARCODE_H = 17.0  # the heading's barcode and its text, from the top margin


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


class TableLayout:
    """Where the heading, rows and footer go; subclasses draw the primitives.

    The primitive names are private on purpose: TablePdf also inherits FPDF, whose public
    add_page/header/footer protocol this class plugs into without shadowing.
    """

    heading: Heading
    columns: tuple[Column, ...]
    numbered: bool
    row_y: float
    body_rows: int

    def _setup(self, heading: Heading, columns: Sequence[Column], numbered: bool) -> None:
        self.heading = heading
        self.columns = tuple(columns)
        self.numbered = numbered
        self.row_y = MARGIN
        self.body_rows = 0

    # ---- primitives (mm, top-left origin) ----
    def _text(self, x: float, y: float, size: float, s: str, bold: bool = False) -> None:
        raise NotImplementedError

    def _hline(self, y: float, thickness: float) -> None:
        raise NotImplementedError

    def _shade(self, y: float, h: float) -> None:
        raise NotImplementedError

    def _bars(self, symbol: Code128, x: float, y: float, w: float, h: float) -> None:
        raise NotImplementedError

    def _page_number(self) -> None:
        """Draw "第 n / total 页" centred at the footer line."""
        raise NotImplementedError

    def new_page(self) -> None:
        raise NotImplementedError

    # ---- layout ----
    def header(self) -> None:
        h = self.heading
        full = A4[0] - 2 * MARGIN
        self._text(MARGIN, MARGIN, 7.0, h.title, bold=True)
        y = MARGIN + 9.5
        for line in h.lines:
            # Beside the barcode a line is 74 mm shorter; below it (an address) it gets the row.
            beside = h.barcode is not None and y < MARGIN + BARCODE_H
            self._text(MARGIN, y, 3.4, truncate(line, 3.4, full - 74 if beside else full))
            y += 4.8
        if h.barcode:
            self._bars(code128(h.barcode), RIGHT - 72, MARGIN, 72, 11)
            bw = width(h.barcode, 3.2, True)
            self._text(RIGHT - 36 - bw / 2, MARGIN + 12, 3.2, h.barcode, bold=True)
            y = max(y, MARGIN + BARCODE_H)
        self._hline(y + 1, THICK)
        self.row_y = y + 2.5
        self.row([c.title for c in self.columns], bold=True, shade=True)
        self.body_rows = 0

    def footer(self) -> None:
        if self.numbered:
            self._page_number()
        if self.heading.footer:
            self._text(MARGIN, FOOTER_Y, 3.0, self.heading.footer)

    def room(self, rows: int) -> bool:
        return self.row_y + rows * ROW_H <= FOOTER_Y - 3

    def ensure(self, rows: int = 1) -> None:
        """New page unless `rows` more rows fit; used to keep an order's lines together."""
        if not self.room(rows) and self.body_rows > 0:
            self.new_page()

    def row(self, cells: Sequence[str], bold: bool = False, shade: bool = False) -> None:
        if not self.room(1):
            self.new_page()
        y = self.row_y
        if shade:
            self._shade(y, ROW_H)
        top = y + (ROW_H - CELL_SIZE) / 2
        x = MARGIN
        for col, cell in zip(self.columns, cells, strict=True):
            s = truncate(cell, CELL_SIZE, col.width - 2 * PAD, bold)
            if col.align == "L":
                left = x + PAD
            else:
                w = width(s, CELL_SIZE, bold)
                left = x + col.width - PAD - w if col.align == "R" else x + (col.width - w) / 2
            self._text(left, top, CELL_SIZE, s, bold)
            x += col.width
        self._hline(y + ROW_H, THIN)
        self.row_y = y + ROW_H
        self.body_rows += 1

    def rule(self, thickness: float = THICK) -> None:
        """A heavier line above the current row: separates order groups on the sort list."""
        self._hline(self.row_y, thickness)

    def note(self, s: str, gap: float = 3.0, bold: bool = False, keep: int = 2) -> None:
        """A free line of text below the table (a signature line, a remark), kept on the page
        together with room for `keep` - 1 more rows."""
        self.ensure(keep)
        self.row_y += gap
        self._text(MARGIN, self.row_y, 3.4, truncate(s, 3.4, A4[0] - 2 * MARGIN, bold), bold)
        self.row_y += 3.4 + 1.5


class PageCounter(TableLayout):
    """Lays a document out without drawing: how many pages it will take, before drawing any."""

    def __init__(self, heading: Heading, columns: Sequence[Column], numbered: bool = True) -> None:
        self._setup(heading, columns, numbered)
        self.pages = 0

    def _text(self, x: float, y: float, size: float, s: str, bold: bool = False) -> None:
        pass

    def _hline(self, y: float, thickness: float) -> None:
        pass

    def _shade(self, y: float, h: float) -> None:
        pass

    def _bars(self, symbol: Code128, x: float, y: float, w: float, h: float) -> None:
        pass

    def _page_number(self) -> None:
        pass

    def new_page(self) -> None:
        self.pages += 1
        self.header()


T = TypeVar("T", bound=TableLayout)
MakeTable = Callable[[Heading, Sequence[Column], bool], T]
