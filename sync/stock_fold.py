"""Fold of one stock entity (SKU or SKU@bin) through the escrow counter."""

from __future__ import annotations

from typing import Any

from sync.errors import ESCROW_EXCEEDED, ExceptionRecord
from sync.escrow import Escrow
from sync.invariants import make_record
from sync.op import Op, OpKey


class StockFold:
    __slots__ = ("escrow", "exceptions")

    def __init__(self) -> None:
        self.escrow = Escrow()
        self.exceptions: list[ExceptionRecord] = []

    def apply(self, op: Op, key: OpKey) -> None:
        kind = op.kind
        p = op.payload
        if kind == "stock.grant":
            self.escrow.grant(p["device"], p["qty"])
        elif kind == "stock.spend":
            e = self.escrow
            granted = e.granted.get(op.device, 0)
            spent = e.spent.get(op.device, 0)
            if not e.spend(op.device, p["qty"]):
                detail = {"device": op.device, "granted": granted, "spent": spent, "qty": p["qty"]}
                self.exceptions.append(make_record(ESCROW_EXCEEDED, (op,), detail))
        elif kind == "stock.adjust":
            self.escrow.adjust(p["delta"])

    def snapshot(self) -> dict[str, Any]:
        e = self.escrow
        return {"on_hand": e.on_hand, "granted": dict(e.granted), "spent": dict(e.spent)}
