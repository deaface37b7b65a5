"""Fold of one stock entity (SKU or SKU@bin) through the escrow counter."""

from __future__ import annotations

from collections.abc import Iterable
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

    def fold(self, ops: Iterable[Op]) -> None:
        """Fold ops given in order-key order; Escrow's rules inline (the replay hot loop)."""
        e = self.escrow
        granted = e.granted
        spent = e.spent
        for op in ops:
            kind = op.kind
            p = op.payload
            if kind == "stock.spend":
                qty = p["qty"]
                device = op.device
                before = spent.get(device, 0)
                allowed = granted.get(device, 0)
                spent[device] = before + qty
                e.on_hand -= qty
                if before + qty > allowed:
                    detail = {"device": device, "granted": allowed, "spent": before, "qty": qty}
                    self.exceptions.append(make_record(ESCROW_EXCEEDED, (op,), detail))
            elif kind == "stock.grant":
                e.grant(p["device"], p["qty"])
            elif kind == "stock.adjust":
                e.adjust(p["delta"])

    def snapshot(self) -> dict[str, Any]:
        e = self.escrow
        return {"on_hand": e.on_hand, "granted": dict(e.granted), "spent": dict(e.spent)}
