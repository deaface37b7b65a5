"""Document kind x format -> bytes. Rendering is CPU work, so callers run it in a thread."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from enum import StrEnum

from server.printing.documents import HandoffSheet, LabelData, PackingSlip, PickList, SortList
from server.printing.errors import BarcodeTooWideError
from server.printing.label_layout import LabelSize
from server.printing.label_pdf import render_labels_pdf
from server.printing.label_png import render_label_png
from server.printing.label_zpl import render_labels_zpl
from server.printing.list_pdf import (
    render_handoff_sheet_pdf,
    render_packing_slips_pdf,
    render_pick_list_pdf,
    render_sort_list_pdf,
)
from server.printing.list_png import (
    TooManyPagesError,
    render_handoff_sheet_png,
    render_packing_slips_png,
    render_pick_list_png,
    render_sort_list_png,
)
from server.printing.raster import Dpi


class DocKind(StrEnum):
    PICK_LIST = "pick-list"  # 配货单
    SORT_LIST = "sort-list"  # 二次分拣单
    PACKING_SLIPS = "packing-slips"  # 发货单
    HANDOFF_SHEET = "handoff-sheet"  # 订单交接表
    LABELS = "labels"  # 快递单


class Fmt(StrEnum):
    PDF = "pdf"
    PNG = "png"
    ZPL = "zpl"


class UnsupportedFormatError(ValueError):
    pass


MEDIA = {
    "pdf": "application/pdf",
    "png": "image/png",
    "zip": "application/zip",
    "zpl": "application/vnd.zebra-zpl; charset=utf-8",
}

ListDoc = PickList | SortList | Sequence[PackingSlip] | HandoffSheet


def _zip(named: Sequence[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as z:
        for name, data in named:
            z.writestr(name, data)
    return out.getvalue()


def labels(items: Sequence[LabelData], fmt: Fmt, size: LabelSize, dpi: Dpi) -> tuple[bytes, str]:
    """(bytes, extension). PNG of several labels is a ZIP with one PNG per label."""
    if fmt is Fmt.PDF:
        return render_labels_pdf(items, size), "pdf"
    if fmt is Fmt.ZPL:
        return render_labels_zpl(items, size, dpi).encode("utf-8"), "zpl"
    if len(items) == 1:
        return render_label_png(items[0], size, dpi), "png"
    return _zip(
        [
            (
                f"{n:04d}-{item.tracking_no}-v{item.label_version}.png",
                render_label_png(item, size, dpi),
            )
            for n, item in enumerate(items, start=1)
        ]
    ), "zip"


def _list_pdf(doc: ListDoc) -> bytes:
    if isinstance(doc, PickList):
        return render_pick_list_pdf(doc)
    if isinstance(doc, SortList):
        return render_sort_list_pdf(doc)
    if isinstance(doc, HandoffSheet):
        return render_handoff_sheet_pdf(doc)
    return render_packing_slips_pdf(doc)


def _list_png(doc: ListDoc, dpi: Dpi) -> list[bytes]:
    if isinstance(doc, PickList):
        return render_pick_list_png(doc, dpi)
    if isinstance(doc, SortList):
        return render_sort_list_png(doc, dpi)
    if isinstance(doc, HandoffSheet):
        return render_handoff_sheet_png(doc, dpi)
    return render_packing_slips_png(doc, dpi)


def list_doc(kind: DocKind, fmt: Fmt, doc: ListDoc, dpi: Dpi = Dpi.D203) -> tuple[bytes, str]:
    """An A4 document as PDF, or PNG pages at printer dpi (one PNG, or a ZIP of pages)."""
    if fmt is Fmt.PDF:
        return _list_pdf(doc), "pdf"
    if fmt is not Fmt.PNG:
        raise UnsupportedFormatError(f"{kind} is an A4 document: ask for format=pdf or png")
    try:
        pages = _list_png(doc, dpi)
    except TooManyPagesError as exc:
        raise UnsupportedFormatError(str(exc)) from exc
    except BarcodeTooWideError as exc:  # a 64-character order number at 203 dpi
        raise UnsupportedFormatError(f"{exc}: ask for dpi=300 or format=pdf") from exc
    if len(pages) == 1:
        return pages[0], "png"
    return _zip([(f"{kind}-p{n:04d}.png", p) for n, p in enumerate(pages, start=1)]), "zip"
