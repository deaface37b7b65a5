"""The order fold's shipping part (protocol v3): items in a scan-out, crates, freight,
batches and the courier's pickup. Twin: pwa/src/sync/shipFold.ts.

An order gets a `ship` section in its snapshot only once one of these ops touched it (a
scan-out carrying `items`, or a crate/freight/batch/pickup kind), so v2 snapshots are
unchanged. Each fact is the op's id, wall clock and the payload keys screens show; the
rules that read them are sync/shipping.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sync import shipping
from sync.errors import QUANTITY_MISMATCH, SHIP_FAILED, WRONG_ITEM
from sync.op import Op

if TYPE_CHECKING:
    from sync.order_fold import OrderFold

SHIP_KINDS = frozenset(
    {
        "crate.handoff",
        "crate.sign",
        "crate.return",
        "crate.wait",
        "freight.handoff",
        "batch.ship",
        "batch.missed",
        "pickup.confirm",
    }
)


def fact(op: Op, *keys: str) -> dict[str, Any]:
    out: dict[str, Any] = {"op": op.id, "wall": op.wall, "actor": op.actor}
    for k in keys:
        if k in op.payload:
            out[k] = op.payload[k]
    return out


class ShipFold:
    """What the v3 shipping ops left on one order; first accepted op wins per fact except
    the crate's, where the latest handoff, signature and return count."""

    __slots__ = ("batch", "crate", "freight", "missed", "pickup", "waiting")

    def __init__(self) -> None:
        self.crate: dict[str, Any] = {}
        self.freight: dict[str, Any] | None = None
        self.batch: dict[str, Any] | None = None
        self.missed: dict[str, Any] | None = None
        self.pickup: dict[str, Any] | None = None
        self.waiting: dict[str, Any] | None = None

    def snapshot(self, scans: dict[str, Op]) -> dict[str, Any]:
        scanned = {t: fact(op, "slip") for t, op in scans.items()}
        out: dict[str, Any] = {"scanned": scanned}
        if self.crate:
            out["crate"] = dict(self.crate)
        for name in ("freight", "batch", "missed", "pickup", "waiting"):
            v = getattr(self, name)
            if v is not None:
                out[name] = v
        return out


def items_refusal(fold: OrderFold, op: Op) -> bool:
    """After the label's own verdict passed: refuse a scan whose items do not match the
    lines (wrong product first, then quantity), reported against the winning create."""
    items = op.payload["items"]
    lines = None if fold.lines_op is None else fold.lines_op.payload["lines"]
    verdict = shipping.item_verdict(lines, items)
    if verdict == "ok":
        return False
    tracking = op.payload["tracking"]
    detail: dict[str, Any] = {"tracking": tracking, "items": dict(items)}
    first: Op = fold.lines_op if fold.lines_op is not None else op
    if verdict == "wrong_item":
        detail["wrong"] = sorted(s for s in items if s not in (lines or {}))
        fold._exc(WRONG_ITEM, (first, op) if first is not op else (op,), detail)
    else:
        detail["expected"] = dict(lines or {})
        fold._exc(QUANTITY_MISMATCH, (first, op) if first is not op else (op,), detail)
    return True


def apply(fold: OrderFold, op: Op) -> None:
    """Fold one v3 shipping op (order-key order)."""
    ship = fold.ship
    if ship is None:
        ship = fold.ship = ShipFold()
    kind = op.kind
    if kind == "crate.sign":
        ship.crate["signed"] = fact(op)
    elif kind == "crate.return":
        ship.crate["returned"] = fact(op)
    elif kind == "crate.wait":
        if ship.waiting is None:
            ship.waiting = fact(op, "carrier")
    elif kind == "batch.missed":
        if ship.missed is None:
            ship.missed = fact(op, "batch", "carrier")
            detail = {k: op.payload[k] for k in ("batch", "carrier")}
            fold._exc(SHIP_FAILED, (op,), {**detail, "notify": "cs"})
    elif kind == "pickup.confirm":
        if ship.pickup is None:
            ship.pickup = fact(op, "batch", "carrier", "count", "method")
    elif fold._blocked(op):  # crate.handoff, freight.handoff, batch.ship: not when stopped
        return
    elif kind == "crate.handoff":
        ship.crate["handoff"] = fact(op, "packer", "due")
        ship.crate.pop("returned", None)  # a new trip: the crate is out again
    elif kind == "freight.handoff":
        if ship.freight is None:
            ship.freight = fact(op, "driver")
    elif kind == "batch.ship":
        if not fold.scans:
            fold._exc(SHIP_FAILED, (op,), {"batch": op.payload["batch"], "notify": "cs"})
        elif ship.batch is None:
            ship.batch = fact(op, "batch", "carrier", "count")
