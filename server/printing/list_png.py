"""The A4 wave documents as PNG pages at printer resolution (203 or 300 dpi).

A dry run counts the pages first: the footer needs the total, and a wave too long for PNG
(3,000 packing slips would be gigabytes of pixels) is refused before anything is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Protocol, TypeVar

from server.printing.documents import HandoffSheet, PackingSlip, PickList, SortList
from server.printing.errors import PrintingError
from server.printing.list_layout import (
    draw_handoff_sheet,
    draw_packing_slips,
    draw_pick_list,
    draw_sort_list,
)
from server.printing.raster import check_dpi
from server.printing.tablelayout import MakeTable, PageCounter, T
from server.printing.tablepng import TablePng

MAX_PNG_PAGES = 200

D = TypeVar("D", contravariant=True)


class TooManyPagesError(PrintingError):
    """More pages than PNG output allows; the PDF of the same document has no such limit."""


class Draw(Protocol[D]):
    def __call__(self, doc: D, make: MakeTable[T], /) -> T: ...


def _render(doc: D, draw: Draw[D], dpi: int) -> list[bytes]:
    total = draw(doc, PageCounter).pages
    if total > MAX_PNG_PAGES:
        raise TooManyPagesError(
            f"{total} pages is more than {MAX_PNG_PAGES} for PNG: ask for format=pdf"
        )
    return draw(doc, partial(TablePng, dpi=check_dpi(dpi), total_pages=total)).finish()


def render_pick_list_png(pick: PickList, dpi: int = 203) -> list[bytes]:
    return _render(pick, draw_pick_list, dpi)


def render_sort_list_png(sort: SortList, dpi: int = 203) -> list[bytes]:
    return _render(sort, draw_sort_list, dpi)


def render_packing_slips_png(slips: Sequence[PackingSlip], dpi: int = 203) -> list[bytes]:
    return _render(slips, draw_packing_slips, dpi)


def render_handoff_sheet_png(sheet: HandoffSheet, dpi: int = 203) -> list[bytes]:
    return _render(sheet, draw_handoff_sheet, dpi)
