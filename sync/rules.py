"""Business rules about one order and the day's orders, in one place (protocol §6.4).

The server, the PWA (pwa/src/sync/rules.ts is the twin) and the office view all call these;
none of them re-implements one. tests/vectors/rules.json pins every rule for both languages,
so a change here that the twin does not make fails both test suites. Rules read an order as
the fold shows it (`status`, `hold`, `fields`, `labels`): the snapshot of §6 or anything with
the same attributes (the server's OrderView).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from sync.lattice import ORDER_STATUS

# -- status sets ---------------------------------------------------------------------------
OPEN = frozenset({"created", "printed", "picked", "packed"})
"""Still in the warehouse: work remains before the parcel leaves (counted on home screens;
a change to such an order with a live label needs a reprint)."""
TERMINAL = frozenset({"delivered", "cancelled"})
"""Finished: no op moves an order out of these (a cancel after delivery is an exception,
see §6.3), so the server may compact them."""
LIVE = frozenset(ORDER_STATUS.chain) - TERMINAL
"""Not finished: open, or shipped and on its way."""
TO_SHIP = frozenset({"printed", "picked", "packed"})
"""Labelled and waiting to leave."""
GONE = frozenset({"shipped", "delivered"})
"""Left the warehouse: a label may no longer be reprinted or voided for a reprint."""


class OrderLike(Protocol):
    """What the rules read of an order (the fold's snapshot, or the server's OrderView)."""

    @property
    def status(self) -> str: ...
    @property
    def hold(self) -> bool: ...
    @property
    def fields(self) -> Mapping[str, Any]: ...
    @property
    def labels(self) -> Mapping[str, str]: ...


@dataclass(frozen=True, slots=True)
class OrderState:
    """An order snapshot (§6) as an OrderLike."""

    status: str = "created"
    hold: bool = False
    fields: Mapping[str, Any] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, snap: Mapping[str, Any]) -> OrderState:
        return cls(
            str(snap.get("status", "created")),
            snap.get("hold") is True,
            snap.get("fields") or {},
            snap.get("labels") or {},
        )


def is_open(o: OrderLike) -> bool:
    return o.status in OPEN


def is_terminal(status: str) -> bool:
    return status in TERMINAL


def is_held(o: OrderLike) -> bool:
    """Held and still open: the hold stops work (a held shipped order is the courier's)."""
    return o.hold and o.status in OPEN


def is_to_ship(o: OrderLike) -> bool:
    return o.status in TO_SHIP and not o.hold


def printable(o: OrderLike) -> bool:
    """A wave may print its first label: created, not held, never labelled."""
    return o.status == "created" and not o.hold and not o.labels


def on_documents(o: OrderLike) -> bool:
    """A wave's lists show it: a held or cancelled order is never printed, whatever wave."""
    return not o.hold and o.status != "cancelled"


def live_labels(o: OrderLike) -> list[str]:
    """Labels not voided, sorted; the last is the one to scan and print."""
    return sorted(t for t, s in o.labels.items() if s == "printed")


LabelRefusal = Literal["hold", "cancelled", "shipped", "needs_reprint", "no_live_label"]


def label_refusal(o: OrderLike) -> LabelRefusal | None:
    """Why its live label may not (re)print now, or None if it may. A stale label (the order
    changed after print: `needs_reprint`) prints only as a new version, never again."""
    if o.hold:
        return "hold"
    if o.status == "cancelled":
        return "cancelled"
    if o.status not in OPEN:
        return "shipped"
    if o.fields.get("needs_reprint") is True:
        return "needs_reprint"
    if not live_labels(o):
        return "no_live_label"
    return None


# -- fields ----------------------------------------------------------------------------
ADDRESS_KEYS = (
    "recipient_name",
    "recipient_phone",
    "province",
    "city",
    "district",
    "address_detail",
)
_REQUEST_LABELS = (
    ("greeting_card", "贺卡"),
    ("invoice_title", "发票抬头"),
    ("delivery_window", "送货时间"),
)


def _text(v: object) -> str:
    return v if isinstance(v, str) else ""


def address_of(fields: Mapping[str, Any]) -> dict[str, str]:
    """The recipient as staff last set it: each key `order.set_address` wrote (its `address`
    map) wins over the create's field of that name; a key it left out keeps the field.
    Non-text values read as ''."""
    out = {k: _text(fields.get(k)) for k in ADDRESS_KEYS}
    override = fields.get("address")
    if isinstance(override, Mapping):
        out.update({k: _text(override.get(k)) for k in ADDRESS_KEYS if k in override})
    return out


def full_address(fields: Mapping[str, Any]) -> str:
    a = address_of(fields)
    return a["province"] + a["city"] + a["district"] + a["address_detail"]


def special_text(fields: Mapping[str, Any]) -> str:
    """Everything the printer must read: buyer request, card text, invoice, window."""
    parts = [_text(fields.get("special_request"))]
    parts += [f"{label}：{v}" for k, label in _REQUEST_LABELS if (v := _text(fields.get(k)))]
    return "；".join(p for p in parts if p)


def needs_crate(fields: Mapping[str, Any]) -> bool:
    return fields.get("needs_crate") is True


def is_special(fields: Mapping[str, Any]) -> bool:
    """剪角: crate items, a handwritten label or anything the printer must read."""
    return (
        needs_crate(fields) or fields.get("handwritten_label") is True or special_text(fields) != ""
    )


def carrier_key(fields: Mapping[str, Any]) -> str:
    """The carrier as counted: its code, or '' when none is set (a screen may show '—')."""
    return _text(fields.get("carrier"))


# -- scan-out --------------------------------------------------------------------------
ScanVerdict = Literal["ok", "already", "voided", "hold", "cancelled", "unknown"]


def scan_verdict(*, cancelled: bool, held: bool, voided: bool, scanned: bool) -> ScanVerdict:
    """What a scan-out of one label means, first reason first: a cancelled order rejects it,
    a held one refuses it, a voided label is stopped, a second scan is a duplicate. The
    fold records the scan as an exception of that kind; the scan screen says it before."""
    if cancelled:
        return "cancelled"
    if held:
        return "hold"
    if voided:
        return "voided"
    if scanned:
        return "already"
    return "ok"


def judge_scan(o: OrderLike | None, tracking: str, scanned: bool) -> ScanVerdict:
    """scan_verdict from an order's state; None (no order has this label) is 'unknown'."""
    if o is None:
        return "unknown"
    return scan_verdict(
        cancelled=o.status == "cancelled",
        held=o.hold,
        voided=o.labels.get(tracking) == "voided",
        scanned=scanned,
    )


def normalise_tracking(raw: str) -> str:
    """Scanners and people add spaces, lower-case letters or a trailing newline."""
    return "".join(raw.split()).upper()


# -- the day's counts ------------------------------------------------------------------
COUNT_KEYS = ("total", "printable", "held", "special", "crate", "printed", "shipped", "to_ship")


def order_counts(orders: Iterable[OrderLike]) -> dict[str, Any]:
    """Home-screen counts: `total` of every order; `printed`/`shipped` by status; the rest
    over open orders only; `by_carrier` counts open orders per carrier_key, sorted."""
    n = dict.fromkeys(COUNT_KEYS, 0)
    carriers: dict[str, int] = {}
    for o in orders:
        n["total"] += 1
        n["printed"] += o.status == "printed"
        n["shipped"] += o.status == "shipped"
        n["to_ship"] += is_to_ship(o)
        if o.status not in OPEN:
            continue
        n["printable"] += printable(o)
        n["held"] += o.hold
        n["special"] += is_special(o.fields)
        n["crate"] += needs_crate(o.fields)
        c = carrier_key(o.fields)
        carriers[c] = carriers.get(c, 0) + 1
    by = [{"carrier": c, "count": carriers[c]} for c in sorted(carriers)]
    return {**n, "by_carrier": by}


# -- wave times ------------------------------------------------------------------------
def next_slot(times: Sequence[str], clock: str) -> str | None:
    """The first of the warehouse's slot times ("HH:MM", its zone) at or after `clock`;
    None once the day's slots are past. Times come from the server (each warehouse sets
    its own), never from the app."""
    return next((t for t in sorted(times) if t >= clock), None)
