"""Shipping labels as ZPL II for Zebra printers, from the same layout as PNG and PDF.

Chinese text needs a CJK TrueType font stored on the printer; Zebra firmware has none built
in. We map it once per label with ^CW to alias "1" and set text with ^A1N. The default path
E:SIMSUN.TTF is a placeholder: load the warehouse's licensed font to that path (Zebra Setup
Utilities / ZebraNet Bridge, or a ~DU download), or pass `font=` (e.g. "E:ANMDS.TTF", Zebra's
Andale Simplified Chinese). ^CI28 makes field data UTF-8; every ^FD is preceded by ^FH\\ so
^, ~ and backslash in data are sent as hex escapes and cannot break the format.
Dots: Zebra heads are 8 dots/mm ("203 dpi") or 12 dots/mm ("300 dpi"), so 76 mm = 608 dots.
"""

from __future__ import annotations

from collections.abc import Iterable

from server.printing.barcodes import CODE128_QUIET, MAX_MODULE_MM, QR_QUIET, module_dots
from server.printing.documents import LabelData
from server.printing.fonts import ASCENT_EM
from server.printing.label_layout import (
    SPECIAL_MARK,
    Barcode,
    Box,
    Frame,
    LabelLayout,
    LabelSize,
    QRCode,
    Text,
    Triangle,
    layout_label,
)
from server.printing.raster import Dpi, check_dpi

DEFAULT_FONT = "E:SIMSUN.TTF"
FONT_ALIAS = "1"
DOTS_PER_MM = {Dpi.D203: 8, Dpi.D300: 12}
TRIANGLE_STEP = 4  # dots per box in the stepped corner triangle (ZPL has no filled polygon)


def escape(data: str) -> str:
    """Hex-escape the three characters ZPL would read as commands (used with ^FH\\)."""
    return data.replace("\\", "\\5C").replace("^", "\\5E").replace("~", "\\7E")


def _triangle(points: tuple[tuple[int, int], ...], step: int) -> list[str]:
    """Fill a convex polygon with horizontal ^GB strips, one per `step` dots of height."""
    ys = [y for _, y in points]
    out: list[str] = []
    edges = list(zip(points, points[1:] + points[:1], strict=True))
    for top in range(min(ys), max(ys), step):
        mid = top + step / 2
        xs = [
            x0 + (mid - y0) * (x1 - x0) / (y1 - y0)
            for (x0, y0), (x1, y1) in edges
            if y0 != y1 and min(y0, y1) <= mid <= max(y0, y1)
        ]
        if len(xs) >= 2:
            left, right = round(min(xs)), round(max(xs))
            h = min(step, max(ys) - top)
            if right > left:
                out.append(f"^FO{left},{top}^GB{right - left},{h},{h},B^FS")
    return out


def layout_to_zpl(layout: LabelLayout, dpi: int = 203, font: str = DEFAULT_FONT) -> str:
    dpm = DOTS_PER_MM[check_dpi(dpi)]

    def d(mm: float) -> int:
        return round(mm * dpm)

    max_mod = max(1, d(MAX_MODULE_MM))
    out = ["^XA", "^CI28", f"^CW{FONT_ALIAS},{font}"]
    out += [f"^PW{d(layout.width)}", f"^LL{d(layout.height)}", "^LH0,0"]
    if layout.special:
        out.append(f"^FX SPECIAL {SPECIAL_MARK}: the order printer checks this parcel^FS")
    for el in layout.elements:
        if isinstance(el, Text):
            h = max(10, d(el.size))
            rev = "^FR" if el.white else ""
            base = d(el.y + el.size * ASCENT_EM)
            out.append(
                f"^FT{d(el.x)},{base}^A{FONT_ALIAS}N,{h},{h}{rev}^FH\\^FD{escape(el.text)}^FS"
            )
        elif isinstance(el, Box):
            w, h = max(1, d(el.w)), max(1, d(el.h))
            out.append(f"^FO{d(el.x)},{d(el.y)}^GB{w},{h},{min(w, h)},B^FS")
        elif isinstance(el, Frame):
            out.append(f"^FO{d(el.x)},{d(el.y)}^GB{d(el.w)},{d(el.h)},{max(1, d(el.stroke))}^FS")
        elif isinstance(el, Triangle):
            out += _triangle(tuple((d(x), d(y)) for x, y in el.points), TRIANGLE_STEP)
        elif isinstance(el, Barcode):
            avail = d(el.w)
            mod = module_dots(avail, el.symbol.modules, CODE128_QUIET, max_mod)
            left = d(el.x) + (avail - el.symbol.modules * mod) // 2
            out.append(
                f"^FO{left},{d(el.y)}^BY{mod},3,{d(el.h)}"
                f"^BCN,{d(el.h)},N,N,N,A^FH\\^FD{escape(el.symbol.text)}^FS"
            )
        elif isinstance(el, QRCode):
            side = d(el.side)
            mod = min(10, module_dots(side, el.matrix.size, QR_QUIET, max_mod * 2))
            off = (side - el.matrix.size * mod) // 2
            out.append(
                f"^FO{d(el.x) + off},{d(el.y) + off}^BQN,2,{mod}"
                f"^FH\\^FDMA,{escape(el.matrix.text)}^FS"
            )
    out += ["^PQ1", "^XZ"]
    return "\n".join(out) + "\n"


def render_label_zpl(
    label: LabelData,
    size: LabelSize = LabelSize.E_WAYBILL_76X130,
    dpi: int = 203,
    font: str = DEFAULT_FONT,
) -> str:
    """One ^XA..^XZ block; send as UTF-8 bytes (^CI28)."""
    return layout_to_zpl(layout_label(label, size), dpi, font)


def render_labels_zpl(
    labels: Iterable[LabelData],
    size: LabelSize = LabelSize.E_WAYBILL_76X130,
    dpi: int = 203,
    font: str = DEFAULT_FONT,
) -> str:
    """A wave as consecutive label formats in one print job."""
    return "".join(render_label_zpl(label, size, dpi, font) for label in labels)
