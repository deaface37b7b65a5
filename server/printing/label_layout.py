"""One label layout in millimetres, drawn identically by the PNG, PDF and ZPL renderers.

Text is placed by the top of its em box and already wrapped, so no renderer needs to measure.
Layout constants are for the 76x130 mm e-waybill and scale with the label for 100x150 mm.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from server.printing.barcodes import Code128, QRMatrix, code128, qr
from server.printing.documents import LabelData, mask_phone
from server.printing.textfit import fit_size, width, wrap_fit

SPECIAL_MARK = "剪角"


class LabelSize(StrEnum):
    E_WAYBILL_76X130 = "76x130"
    LABEL_100X150 = "100x150"

    @property
    def mm(self) -> tuple[float, float]:
        w, h = self.value.split("x")
        return float(w), float(h)


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float  # top of the em box
    size: float  # em size in mm
    text: str
    bold: bool = False
    white: bool = False


@dataclass(frozen=True, slots=True)
class Box:
    """Filled black rectangle: rules, tag backgrounds."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True, slots=True)
class Frame:
    x: float
    y: float
    w: float
    h: float
    stroke: float


@dataclass(frozen=True, slots=True)
class Triangle:
    points: tuple[tuple[float, float], tuple[float, float], tuple[float, float]]


@dataclass(frozen=True, slots=True)
class Barcode:
    """Code128 centred in the box; the renderer picks whole-dot modules that fit."""

    x: float
    y: float
    w: float
    h: float
    symbol: Code128


@dataclass(frozen=True, slots=True)
class QRCode:
    x: float
    y: float
    side: float
    matrix: QRMatrix


Element = Text | Box | Frame | Triangle | Barcode | QRCode


@dataclass(frozen=True, slots=True)
class LabelLayout:
    width: float
    height: float
    elements: tuple[Element, ...]
    special: bool


class _Builder:
    def __init__(self) -> None:
        self.items: list[Element] = []

    def text(self, x: float, y: float, size: float, s: str, bold: bool = False) -> None:
        self.items.append(Text(x, y, size, s, bold))

    def centred(self, x: float, w: float, y: float, size: float, s: str, **kw: bool) -> None:
        left = x + (w - width(s, size, kw.get("bold", False))) / 2
        self.items.append(Text(left, y, size, s, **kw))

    def lines(self, x: float, y: float, size: float, lines: list[str], lead: float) -> float:
        for line in lines:
            self.items.append(Text(x, y, size, line))
            y += size * lead
        return y

    def rule(self, x: float, y: float, w: float, h: float) -> None:
        self.items.append(Box(x, y, w, h))

    def tag(self, x: float, y: float, side: float, s: str) -> None:
        """Black square with a white character: the 收/寄 markers couriers look for."""
        self.items.append(Box(x, y, side, side))
        size = side * 0.72
        self.centred(x, side, y + (side - size) / 2, size, s, bold=True, white=True)


def layout_label(label: LabelData, size: LabelSize = LabelSize.E_WAYBILL_76X130) -> LabelLayout:
    """Bands from top: carrier, barcode, recipient, sender, order info + QR, sign-off."""
    W, H = size.mm
    k = min(W / 76, H / 130)
    m = 2.0 * k
    inner = W - 2 * m
    b = _Builder()
    b.items.append(Frame(1, 1, W - 2, H - 2, 0.3))

    def rule_at(y: float) -> None:
        b.rule(1, y * k, W - 2, 0.3)

    corner = 14 * k if label.special else 0.0
    carrier = label.carrier.display_zh
    csize = fit_size(carrier, 8 * k, inner - corner - 2, bold=True)
    b.text(m + 1, 7.5 * k - csize / 2, csize, carrier, bold=True)
    if label.special:
        b.items.append(Triangle(((W - 1 - corner, 1), (W - 1, 1), (W - 1, 1 + corner))))
        msize = 3.3 * k
        mark_x = W - 2.0 * k - width(SPECIAL_MARK, msize, True)
        b.items.append(Text(mark_x, 2.0 * k, msize, SPECIAL_MARK, bold=True, white=True))
    rule_at(15)

    b.items.append(Barcode(m, 17 * k, inner, 15 * k, code128(label.tracking_no)))
    b.centred(m, inner, 33 * k, 3.8 * k, label.tracking_no, bold=True)
    rule_at(38.5)

    tag = 6 * k
    x0 = m + 0.5 + tag + 2 * k
    cw = W - m - x0
    b.tag(m + 0.5, 40.5 * k, tag, "收")
    who = f"{label.recipient_name}  {mask_phone(label.recipient_phone)}"
    b.text(x0, 40.8 * k, fit_size(who, 4.4 * k, cw, bold=True), who, bold=True)
    sizes = tuple(v * k for v in (3.8, 3.4, 3.0, 2.6))
    asize, alines = wrap_fit(label.full_address, sizes, cw, 4)
    b.lines(x0, 47 * k, asize, alines, 1.25)
    rule_at(68)

    b.tag(m + 0.5, 70 * k, tag, "寄")
    ssize, slines = wrap_fit(label.sender, (3.2 * k, 2.8 * k), cw, 2)
    b.lines(x0, 70.5 * k, ssize, slines, 1.25)
    rule_at(80)

    qside = 24 * k
    b.items.append(QRCode(W - m - qside, 82 * k, qside, qr(label.qr_payload)))
    lw = inner - qside - 1
    isize = 3.2 * k
    y = 82.5 * k
    order = f"订单号：{label.order_no}"
    b.text(m + 0.5, y, fit_size(order, isize, lw, floor=2.2 * k), order)
    y += isize * 1.45
    for line in (
        f"件数：{label.item_count}",
        f"版本：第{label.label_version}版",
        f"打印：{label.printed_at:%Y-%m-%d %H:%M}",
    ):
        b.text(m + 0.5, y, isize, line)
        y += isize * 1.45
    if label.special_request:
        rsize, rlines = wrap_fit(f"备注：{label.special_request}", (3.0 * k, 2.6 * k), lw, 3)
        b.lines(m + 0.5, y, rsize, rlines, 1.25)
    rule_at(113)

    if label.special:
        b.text(m + 0.5, 115 * k, 3.2 * k, "剪角件：打单员亲自核验配货", bold=True)
    b.text(m + 0.5, 121.5 * k, 3.0 * k, "签收人：____________   时间：__________")
    return LabelLayout(W, H, tuple(b.items), label.special)
