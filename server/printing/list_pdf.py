"""Pick list 配货单, sort list 二次分拣单, packing slips 发货单 and the handoff sheet 订单交接表
as A4 PDFs (the layout is list_layout's, shared with the PNG pages)."""

from __future__ import annotations

from collections.abc import Iterable

from server.printing.documents import HandoffSheet, PackingSlip, PickList, SortList
from server.printing.list_layout import (
    draw_handoff_sheet,
    draw_packing_slips,
    draw_pick_list,
    draw_sort_list,
)
from server.printing.tablepdf import TablePdf


def render_pick_list_pdf(pick: PickList) -> bytes:
    return draw_pick_list(pick, TablePdf).finish()


def render_sort_list_pdf(sort: SortList) -> bytes:
    return draw_sort_list(sort, TablePdf).finish()


def render_packing_slips_pdf(slips: Iterable[PackingSlip]) -> bytes:
    return draw_packing_slips(slips, TablePdf).finish()


def render_handoff_sheet_pdf(sheet: HandoffSheet) -> bytes:
    return draw_handoff_sheet(sheet, TablePdf).finish()
