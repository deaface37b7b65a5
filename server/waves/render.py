"""Document kind x format -> bytes. Rendering is CPU work, so callers run it in a thread."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from enum import StrEnum

from server.printing.documents import LabelData, PackingSlip, PickList, SortList
from server.printing.label_layout import LabelSize
from server.printing.label_pdf import render_labels_pdf
from server.printing.label_png import render_label_png
from server.printing.label_zpl import render_labels_zpl
from server.printing.list_pdf import (
    render_packing_slips_pdf,
    render_pick_list_pdf,
    render_sort_list_pdf,
)


class DocKind(StrEnum):
    PICK_LIST = "pick-list"  # 配货单
    SORT_LIST = "sort-list"  # 二次分拣单
    PACKING_SLIPS = "packing-slips"  # 发货单
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


def labels(items: Sequence[LabelData], fmt: Fmt, size: LabelSize, dpi: int) -> tuple[bytes, str]:
    """(bytes, extension). PNG of several labels is a ZIP with one PNG per label."""
    if fmt is Fmt.PDF:
        return render_labels_pdf(items, size), "pdf"
    if fmt is Fmt.ZPL:
        return render_labels_zpl(items, size, dpi).encode("utf-8"), "zpl"
    if len(items) == 1:
        return render_label_png(items[0], size, dpi), "png"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as z:
        for n, item in enumerate(items, start=1):
            name = f"{n:04d}-{item.tracking_no}-v{item.label_version}.png"
            z.writestr(name, render_label_png(item, size, dpi))
    return out.getvalue(), "zip"


def list_pdf(kind: DocKind, fmt: Fmt, doc: PickList | SortList | Sequence[PackingSlip]) -> bytes:
    """Lists are A4 documents: PDF only (a printer driver rasterises them itself)."""
    if fmt is not Fmt.PDF:
        raise UnsupportedFormatError(f"{kind} is an A4 document: ask for format=pdf")
    if isinstance(doc, PickList):
        return render_pick_list_pdf(doc)
    if isinstance(doc, SortList):
        return render_sort_list_pdf(doc)
    return render_packing_slips_pdf(doc)
