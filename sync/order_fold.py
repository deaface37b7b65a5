"""Fold of one order aggregate (its fields, labels, parcels, picks and deliveries).

Ops arrive in order-key order (so every LWW write is the latest so far and simply
overwrites); see protocol §6 "Order fold" for the rules in prose. `fold` is the replay hot
loop: the commonest kinds are handled inline (a method call per op cost more than the
work), the rest by small methods in `_RARE`; status is kept as a lattice rank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sync import rules, ship_fold
from sync.errors import (
    CANCEL_AFTER_DELIVERY,
    DUPLICATE_SCAN,
    ORDER_CANCELLED,
    ORDER_ON_HOLD,
    VOIDED_LABEL_SCAN,
    ExceptionRecord,
)
from sync.invariants import make_record
from sync.lattice import ORDER_STATUS
from sync.op import Op

# The order lattice as ranks: join = max (its one terminal, cancelled, ranks highest;
# tests/sync/test_merge_types.py checks the two agree).
_STATUS = (*ORDER_STATUS.chain, *ORDER_STATUS.terminals)
_RANK = {s: i for i, s in enumerate(_STATUS)}
_PRINTED, _SHIPPED, _DELIVERED, _CANCELLED = (
    _RANK[s] for s in ("printed", "shipped", "delivered", "cancelled")
)


class OrderFold:
    __slots__ = (
        "cancel",
        "delivered_by",
        "deliveries",
        "events",
        "exceptions",
        "fields",
        "first_void",
        "hold",
        "hold_op",
        "labels",
        "lines_op",
        "lines_total",
        "picked",
        "picks",
        "rank",
        "scans",
        "ship",
        "shortage",
        "verified",
    )

    def __init__(self) -> None:
        self.fields: dict[str, Any] = {}  # name -> value of the latest write
        self.rank = 0  # status, as an index into _STATUS
        self.cancel: Op | None = None
        self.delivered_by: Op | None = None  # the op that made it delivered (terminal)
        self.hold = False
        self.hold_op: Op | None = None  # the winning order.hold / order.release
        self.lines_op: Op | None = None  # the winning order.create: its payload has `lines`
        self.lines_total = 0  # items in the winning `lines`, for the quantity checks
        self.labels: dict[str, str] = {}
        self.first_void: dict[str, Op] = {}
        self.scans: dict[str, Op] = {}  # tracking -> first accepted scan
        self.deliveries: list[Op] = []
        self.picks: list[Op] = []
        self.picked: dict[str, int] = {}
        self.events: list[str] = []
        self.shortage: dict[str, int] = {}  # sku -> units short, the latest report per SKU
        self.verified: set[str] = set()  # SKUs a picker opened and verified (no spot-check mark)
        self.exceptions: list[ExceptionRecord] = []
        self.ship: ship_fold.ShipFold | None = None  # v3 shipping facts (sync/ship_fold.py)

    def _exc(self, kind: str, ops: tuple[Op, ...], detail: dict[str, Any] | None = None) -> None:
        self.exceptions.append(make_record(kind, ops, detail or {}))

    def fold(self, ops: Iterable[Op]) -> None:
        """Fold ops given in order-key order."""
        events = self.events
        fields = self.fields
        for op in ops:
            kind = op.kind
            if kind == "pick.line_picked":
                events.append(f"{op.device}:{op.seq}")  # listed whether accepted or not
                if self.cancel is not None:
                    self._exc(ORDER_CANCELLED, (self.cancel, op))
                    continue
                p = op.payload
                sku = p["sku"]
                if len(p) > 2:  # {sku, qty, verified: true}: opened and verified (v3)
                    self.verified.add(sku)
                self.picks.append(op)
                self.picked[sku] = self.picked.get(sku, 0) + p["qty"]
            elif kind == "status.advance":
                if self.cancel is not None:
                    self._exc(ORDER_CANCELLED, (self.cancel, op))
                    continue
                rank = _RANK[op.payload["to"]]
                if rank > self.rank:
                    self.rank = rank
                    if rank == _DELIVERED:
                        self.delivered_by = op
            elif kind == "order.set_field":
                p = op.payload
                fields[p["field"]] = p["value"]
            elif kind == "parcel.scan_out":
                events.append(f"{op.device}:{op.seq}")
                self._scan(op)
            elif kind == "delivery.confirm":
                events.append(f"{op.device}:{op.seq}")
                if not self._blocked(op):
                    self.deliveries.append(op)
                    if self.rank < _DELIVERED:
                        self.rank = _DELIVERED
                        self.delivered_by = op
            else:
                _RARE[kind](self, op)

    # -- LWW writes ---------------------------------------------------------------------
    def _create(self, op: Op) -> None:
        p = op.payload
        self.lines_op = op
        self.lines_total = sum(p["lines"].values())
        extra = p.get("fields")
        if extra:
            self.fields.update(extra)

    def _set_address(self, op: Op) -> None:
        self.fields["address"] = op.payload["address"]

    def _hold(self, op: Op) -> None:
        self.hold = op.kind == "order.hold"
        self.hold_op = op

    # -- picking (v3) ---------------------------------------------------------------------
    def _sign(self, op: Op) -> None:
        """The picker signed for the wave's lists: an event of the order's history."""
        self.events.append(f"{op.device}:{op.seq}")

    def _shortage(self, op: Op) -> None:
        """A shortage notice: the latest report per SKU wins (LWW); 0 clears it."""
        self.events.append(f"{op.device}:{op.seq}")
        p = op.payload
        if p["qty"] > 0:
            self.shortage[p["sku"]] = p["qty"]
        else:
            self.shortage.pop(p["sku"], None)

    # -- terminals ----------------------------------------------------------------------
    def _cancel(self, op: Op) -> None:
        """The first cancel rejects every later forward op and reports the scans and
        deliveries before it. Delivered is terminal too (protocol v2): a cancel after
        delivery changes nothing and is reported, so goods handed over stay delivered."""
        if self.cancel is not None:
            return
        if self.rank == _DELIVERED:
            assert self.delivered_by is not None
            self._exc(CANCEL_AFTER_DELIVERY, (self.delivered_by, op))
            return
        self.cancel = op
        self.rank = _CANCELLED
        gone = sorted([*self.scans.values(), *self.deliveries], key=lambda o: o.key)
        for ev in gone:
            self._exc(ORDER_CANCELLED, (op, ev))

    def _void(self, op: Op) -> None:
        tracking = op.payload["tracking"]
        self.labels[tracking] = "voided"  # join(anything, voided)
        if tracking in self.first_void:
            return
        self.first_void[tracking] = op
        scan = self.scans.get(tracking)
        if scan is not None:
            self._exc(VOIDED_LABEL_SCAN, (op, scan), {"tracking": tracking})

    # -- forward ops --------------------------------------------------------------------
    def _blocked(self, op: Op) -> bool:
        """Rules 1-2 for print, scan and delivery: a cancelled order rejects them, a held
        one refuses them. The rejected op is reported, never dropped."""
        if self.cancel is not None:
            self._exc(ORDER_CANCELLED, (self.cancel, op))
            return True
        if self.hold:
            assert self.hold_op is not None
            self._exc(ORDER_ON_HOLD, (self.hold_op, op))
            return True
        return False

    def _print(self, op: Op) -> None:
        if self._blocked(op):
            return
        tracking = op.payload["tracking"]
        if self.labels.get(tracking) != "voided":
            self.labels[tracking] = "printed"
        if self.rank < _PRINTED:
            self.rank = _PRINTED

    def _scan(self, op: Op) -> None:
        """The core's scan verdict (rules.scan_verdict, what the scan screen says first);
        a refused scan is reported against the op that refuses it."""
        tracking = op.payload["tracking"]
        void = self.first_void.get(tracking)
        first = self.scans.get(tracking)
        verdict = rules.scan_verdict(
            cancelled=self.cancel is not None,
            held=self.hold,
            voided=void is not None,
            scanned=first is not None,
        )
        if verdict != "ok":
            if verdict == "voided":
                assert void is not None
                self._exc(VOIDED_LABEL_SCAN, (void, op), {"tracking": tracking})
            elif verdict == "already":
                assert first is not None
                self._exc(DUPLICATE_SCAN, (first, op), {"tracking": tracking})
            else:
                self._blocked(op)  # cancelled or held: the same report as print and delivery
            return
        if "items" in op.payload:  # v3: the items packed are checked too, never forced
            if self.ship is None:
                self.ship = ship_fold.ShipFold()
            if ship_fold.items_refusal(self, op):
                return
        self.scans[tracking] = op
        if self.rank < _SHIPPED:
            self.rank = _SHIPPED

    def snapshot(self) -> dict[str, Any]:
        lines_op = self.lines_op
        snap = {
            "status": _STATUS[self.rank],
            "hold": self.hold,
            "lines": None if lines_op is None else dict(lines_op.payload["lines"]),
            "fields": dict(self.fields),
            "labels": dict(self.labels),
            "picked": dict(self.picked),
            "events": list(self.events),
        }
        if self.shortage:  # only when there is one: older snapshots keep their shape
            snap["shortage"] = dict(self.shortage)
        if self.verified:
            snap["verified"] = sorted(self.verified)
        if self.ship is not None:
            snap["ship"] = self.ship.snapshot(self.scans)
        return snap


_RARE: dict[str, Callable[[OrderFold, Op], None]] = {
    "label.print": OrderFold._print,
    "order.create": OrderFold._create,
    "order.set_address": OrderFold._set_address,
    "order.hold": OrderFold._hold,
    "order.release": OrderFold._hold,
    "order.cancel": OrderFold._cancel,
    "label.void": OrderFold._void,
    "pick.sign": OrderFold._sign,
    "pick.shortage": OrderFold._shortage,
    **dict.fromkeys(ship_fold.SHIP_KINDS, ship_fold.apply),
}
