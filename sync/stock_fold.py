"""Fold of one stock entity (SKU or SKU@bin) through the escrow counter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sync.errors import ESCROW_EXCEEDED, ExceptionRecord
from sync.escrow import Escrow
from sync.invariants import make_record
from sync.op import Op


class StockFold:
    __slots__ = ("escrow", "exceptions")

    def __init__(self) -> None:
        self.escrow = Escrow()
        self.exceptions: list[ExceptionRecord] = []

    def apply(self, op: Op) -> None:
        """Fold one op; ops must come in order-key order (the replica sorts them)."""
        HANDLERS[op.kind](self, op)

    def _grant(self, op: Op) -> None:
        self.escrow.grant(op.payload["device"], op.payload["qty"])

    def _spend(self, op: Op) -> None:
        e = self.escrow
        qty = op.payload["qty"]
        granted = e.granted.get(op.device, 0)
        spent = e.spent.get(op.device, 0)
        if not e.spend(op.device, qty):
            detail = {"device": op.device, "granted": granted, "spent": spent, "qty": qty}
            self.exceptions.append(make_record(ESCROW_EXCEEDED, (op,), detail))

    def _adjust(self, op: Op) -> None:
        self.escrow.adjust(op.payload["delta"])

    def snapshot(self) -> dict[str, Any]:
        e = self.escrow
        return {"on_hand": e.on_hand, "granted": dict(e.granted), "spent": dict(e.spent)}


HANDLERS: dict[str, Callable[[StockFold, Op], None]] = {
    "stock.grant": StockFold._grant,
    "stock.spend": StockFold._spend,
    "stock.adjust": StockFold._adjust,
}
