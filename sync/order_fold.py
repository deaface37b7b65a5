"""Fold of one order aggregate (its fields, labels, parcels, picks and deliveries).

Ops arrive in order-key order (so every LWW write is the latest so far); see protocol §6
"Order fold" for the rules in prose. Each kind has its own small handler in HANDLERS (one
dict lookup per op instead of a chain of string comparisons); the shared forward-op gate
is `_blocked` (called only when a cancel or a hold register exists).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sync.errors import (
    DUPLICATE_SCAN,
    ORDER_CANCELLED,
    ORDER_ON_HOLD,
    VOIDED_LABEL_SCAN,
    ExceptionRecord,
)
from sync.invariants import make_record
from sync.lattice import LABEL_STATUS, ORDER_STATUS
from sync.lww import LWWMap
from sync.op import Op

_join = ORDER_STATUS.join


class OrderFold:
    __slots__ = (
        "cancel",
        "deliveries",
        "events",
        "exceptions",
        "fields",
        "first_void",
        "labels",
        "lines_total",
        "meta",
        "picked",
        "picks",
        "scans",
        "status",
    )

    def __init__(self) -> None:
        self.fields = LWWMap()
        self.meta = LWWMap()  # "lines", "hold"
        self.status = ORDER_STATUS.bottom
        self.cancel: Op | None = None
        self.labels: dict[str, str] = {}
        self.first_void: dict[str, Op] = {}
        self.scans: dict[str, Op] = {}  # tracking -> first accepted scan
        self.deliveries: list[Op] = []
        self.picks: list[Op] = []
        self.picked: dict[str, int] = {}
        self.events: list[str] = []
        self.exceptions: list[ExceptionRecord] = []
        self.lines_total = 0  # items in the winning `lines`, for the quantity checks

    def _exc(self, kind: str, ops: tuple[Op, ...], detail: dict[str, Any] | None = None) -> None:
        self.exceptions.append(make_record(kind, ops, detail or {}))

    def apply(self, op: Op) -> None:
        """Fold one op; ops must come in order-key order (the replica sorts them)."""
        HANDLERS[op.kind](self, op)

    # -- LWW writes ---------------------------------------------------------------------
    def _create(self, op: Op) -> None:
        p = op.payload
        lines = p["lines"]
        self.meta.set_latest("lines", lines, op)
        self.lines_total = sum(lines.values())
        fields = p.get("fields")
        if fields:
            write = self.fields.set_latest
            for name, value in fields.items():
                write(name, value, op)

    def _set_field(self, op: Op) -> None:
        self.fields.set_latest(op.payload["field"], op.payload["value"], op)

    def _set_address(self, op: Op) -> None:
        self.fields.set_latest("address", op.payload["address"], op)

    def _hold(self, op: Op) -> None:
        self.meta.set_latest("hold", op.kind == "order.hold", op)

    # -- terminals ----------------------------------------------------------------------
    def _cancel(self, op: Op) -> None:
        if self.cancel is not None:
            return
        self.cancel = op
        self.status = _join(self.status, "cancelled")
        gone = sorted([*self.scans.values(), *self.deliveries], key=lambda o: o.key)
        for ev in gone:
            self._exc(ORDER_CANCELLED, (op, ev))

    def _void(self, op: Op) -> None:
        tracking = op.payload["tracking"]
        self.labels[tracking] = LABEL_STATUS.join(self.labels.get(tracking, "printed"), "voided")
        if tracking in self.first_void:
            return
        self.first_void[tracking] = op
        scan = self.scans.get(tracking)
        if scan is not None:
            self._exc(VOIDED_LABEL_SCAN, (op, scan), {"tracking": tracking})

    # -- forward ops --------------------------------------------------------------------
    def _blocked(self, op: Op, hold_matters: bool) -> bool:
        """Rules 1-2: a cancelled order rejects every forward op, a held one stops printing,
        scanning and delivery. The rejected op is reported, never dropped."""
        if self.cancel is not None:
            self._exc(ORDER_CANCELLED, (self.cancel, op))
            return True
        if hold_matters and self.meta.get("hold", False):
            hold_op = self.meta.winner("hold")
            assert hold_op is not None
            self._exc(ORDER_ON_HOLD, (hold_op, op))
            return True
        return False

    def _print(self, op: Op) -> None:
        if (self.cancel is not None or "hold" in self.meta.regs) and self._blocked(op, True):
            return
        tracking = op.payload["tracking"]
        self.labels[tracking] = LABEL_STATUS.join(self.labels.get(tracking, "printed"), "printed")
        self.status = _join(self.status, "printed")

    def _pick(self, op: Op) -> None:
        self.events.append(f"{op.device}:{op.seq}")
        if self.cancel is not None:
            self._exc(ORDER_CANCELLED, (self.cancel, op))
            return
        p = op.payload
        sku = p["sku"]
        self.picks.append(op)
        self.picked[sku] = self.picked.get(sku, 0) + p["qty"]

    def _advance(self, op: Op) -> None:
        if self.cancel is not None:
            self._exc(ORDER_CANCELLED, (self.cancel, op))
            return
        self.status = _join(self.status, op.payload["to"])

    def _scan(self, op: Op) -> None:
        self.events.append(f"{op.device}:{op.seq}")
        if (self.cancel is not None or "hold" in self.meta.regs) and self._blocked(op, True):
            return
        tracking = op.payload["tracking"]
        void = self.first_void.get(tracking)
        if void is not None:
            self._exc(VOIDED_LABEL_SCAN, (void, op), {"tracking": tracking})
            return
        first = self.scans.get(tracking)
        if first is not None:
            self._exc(DUPLICATE_SCAN, (first, op), {"tracking": tracking})
            return
        self.scans[tracking] = op
        self.status = _join(self.status, "shipped")

    def _deliver(self, op: Op) -> None:
        self.events.append(f"{op.device}:{op.seq}")
        if (self.cancel is not None or "hold" in self.meta.regs) and self._blocked(op, True):
            return
        self.deliveries.append(op)
        self.status = _join(self.status, "delivered")

    def snapshot(self) -> dict[str, Any]:
        lines = self.meta.get("lines")
        return {
            "status": self.status,
            "hold": bool(self.meta.get("hold", False)),
            "lines": None if lines is None else dict(lines),
            "fields": self.fields.values(),
            "labels": dict(self.labels),
            "picked": dict(self.picked),
            "events": list(self.events),
        }


HANDLERS: dict[str, Callable[[OrderFold, Op], None]] = {
    "order.create": OrderFold._create,
    "order.set_field": OrderFold._set_field,
    "order.set_address": OrderFold._set_address,
    "order.hold": OrderFold._hold,
    "order.release": OrderFold._hold,
    "order.cancel": OrderFold._cancel,
    "label.void": OrderFold._void,
    "label.print": OrderFold._print,
    "pick.line_picked": OrderFold._pick,
    "status.advance": OrderFold._advance,
    "parcel.scan_out": OrderFold._scan,
    "delivery.confirm": OrderFold._deliver,
}
