"""Fold of one order aggregate (its fields, labels, parcels, picks and deliveries).

Ops arrive in order-key order; see protocol §6 "Order fold" for the rules in prose.
"""

from __future__ import annotations

from typing import Any

from sync.errors import (
    DUPLICATE_SCAN,
    ORDER_CANCELLED,
    ORDER_ON_HOLD,
    VOIDED_LABEL_SCAN,
    ExceptionRecord,
)
from sync.invariants import make_record
from sync.kinds import EVENT_KINDS, HOLD_BLOCKED
from sync.lattice import LABEL_STATUS, ORDER_STATUS
from sync.lww import LWWMap
from sync.op import Op, OpKey


class OrderFold:
    __slots__ = (
        "cancel",
        "deliveries",
        "events",
        "exceptions",
        "fields",
        "first_void",
        "labels",
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

    def _exc(self, kind: str, ops: tuple[Op, ...], detail: dict[str, Any] | None = None) -> None:
        self.exceptions.append(make_record(kind, ops, detail or {}))

    def apply(self, op: Op, key: OpKey) -> None:
        kind = op.kind
        p = op.payload
        if kind in EVENT_KINDS:
            self.events.append(op.id)
        if kind == "order.create":
            self.meta.set("lines", p["lines"], op, key)
            for name, value in p.get("fields", {}).items():
                self.fields.set(name, value, op, key)
        elif kind == "order.set_field":
            self.fields.set(p["field"], p["value"], op, key)
        elif kind == "order.set_address":
            self.fields.set("address", p["address"], op, key)
        elif kind == "order.hold" or kind == "order.release":
            self.meta.set("hold", kind == "order.hold", op, key)
        elif kind == "order.cancel":
            self._cancel(op)
        elif kind == "label.void":
            self._void(op, p["tracking"])
        else:
            self._forward(op, kind, p)

    def _cancel(self, op: Op) -> None:
        if self.cancel is not None:
            return
        self.cancel = op
        self.status = ORDER_STATUS.join(self.status, "cancelled")
        gone = sorted([*self.scans.values(), *self.deliveries], key=lambda o: o.key)
        for ev in gone:
            self._exc(ORDER_CANCELLED, (op, ev))

    def _void(self, op: Op, tracking: str) -> None:
        self.labels[tracking] = LABEL_STATUS.join(self.labels.get(tracking, "printed"), "voided")
        if tracking in self.first_void:
            return
        self.first_void[tracking] = op
        scan = self.scans.get(tracking)
        if scan is not None:
            self._exc(VOIDED_LABEL_SCAN, (op, scan), {"tracking": tracking})

    def _forward(self, op: Op, kind: str, p: dict[str, Any]) -> None:
        if self.cancel is not None:
            self._exc(ORDER_CANCELLED, (self.cancel, op))
            return
        if kind in HOLD_BLOCKED and self.meta.get("hold", False):
            hold_op = self.meta.winner("hold")
            assert hold_op is not None
            self._exc(ORDER_ON_HOLD, (hold_op, op))
            return
        if kind == "parcel.scan_out":
            tracking = p["tracking"]
            void = self.first_void.get(tracking)
            if void is not None:
                self._exc(VOIDED_LABEL_SCAN, (void, op), {"tracking": tracking})
                return
            first = self.scans.get(tracking)
            if first is not None:
                self._exc(DUPLICATE_SCAN, (first, op), {"tracking": tracking})
                return
            self.scans[tracking] = op
            self.status = ORDER_STATUS.join(self.status, "shipped")
        elif kind == "label.print":
            tracking = p["tracking"]
            label = self.labels.get(tracking, "printed")
            self.labels[tracking] = LABEL_STATUS.join(label, "printed")
            self.status = ORDER_STATUS.join(self.status, "printed")
        elif kind == "pick.line_picked":
            self.picks.append(op)
            self.picked[p["sku"]] = self.picked.get(p["sku"], 0) + p["qty"]
        elif kind == "status.advance":
            self.status = ORDER_STATUS.join(self.status, p["to"])
        elif kind == "delivery.confirm":
            self.deliveries.append(op)
            self.status = ORDER_STATUS.join(self.status, "delivered")

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
