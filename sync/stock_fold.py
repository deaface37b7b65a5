"""Fold of one stock entity (SKU or SKU@bin) through the escrow counter.

Stock counts (盘点) merge with live picking by HLC order (docs/sync-protocol.md §"Stock
counts"): `stock.count` says "qty Q was here at t". Every op of the entity is folded in
order-key order, so the count sees as its book exactly the ops that sort before t: a pick
made before t that synced late still sorts before t and is part of that book (never
counted twice), and picks and moves after t apply on top. The difference Q - book is
recorded on the count and applied to `on_hand` only when a manager accepts it
(`stock.count_accept`); applying the difference at the accept is the same as "Q at t plus
everything after t", because everything after t is already in `on_hand`. A later count
supersedes an earlier open one (it is a newer look at the same shelf, and its book does
not contain the older, unapplied difference).

Inspections (`qc.inspect`) give the entity the spot-check mark (抽检标志) on a pass and
take it away on a fail; the pick screen reads it through sync.quality.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sync.errors import ESCROW_EXCEEDED, ExceptionRecord
from sync.escrow import Escrow
from sync.invariants import make_record
from sync.op import Op

OPEN, MATCHED, ACCEPTED, SUPERSEDED = "open", "matched", "accepted", "superseded"


class StockFold:
    __slots__ = ("counts", "escrow", "exceptions", "qc", "received")

    def __init__(self) -> None:
        self.escrow = Escrow()
        self.exceptions: list[ExceptionRecord] = []
        self.counts: list[dict[str, Any]] = []
        self.qc: dict[str, Any] | None = None
        self.received: dict[str, Any] | None = None

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
            elif kind == "stock.count":
                self._count(op)
            elif kind == "stock.count_accept":
                self._accept(op)
            elif kind == "qc.inspect":
                self._inspect(op)
            elif kind == "stock.receive":
                e.adjust(p["qty"])
                self.received = {"at": op.wall, "receipt": p["receipt"]}

    def _count(self, op: Op) -> None:
        for c in self.counts:
            if c["status"] == OPEN:
                c["status"] = SUPERSEDED
        book = self.escrow.on_hand
        qty = op.payload["qty"]
        diff = qty - book
        self.counts.append(
            {
                "id": op.id,
                "at": op.wall,
                "by": op.actor,
                "qty": qty,
                "book": book,
                "diff": diff,
                "status": MATCHED if diff == 0 else OPEN,
            }
        )

    def _accept(self, op: Op) -> None:
        """Apply an open count's difference; an accept of anything else changes nothing
        (a superseded or already accepted count, or one this replica has not seen yet)."""
        target = op.payload["count"]
        for c in self.counts:
            if c["id"] == target and c["status"] == OPEN:
                c["status"] = ACCEPTED
                c["accepted_by"] = op.actor
                self.escrow.adjust(c["diff"])
                return

    def _inspect(self, op: Op) -> None:
        p = op.payload
        passed = p["result"] == "pass"
        self.qc = {"mark": passed, "result": p["result"], "at": op.wall, "by": op.actor}

    def snapshot(self) -> dict[str, Any]:
        """`counts`, `qc` and `received` appear only once the entity has one (older snapshots keep
        their shape)."""
        e = self.escrow
        out: dict[str, Any] = {
            "on_hand": e.on_hand,
            "granted": dict(e.granted),
            "spent": dict(e.spent),
        }
        if self.counts:
            out["counts"] = [dict(c) for c in self.counts]
        if self.qc is not None:
            out["qc"] = dict(self.qc)
        if self.received is not None:
            out["received"] = dict(self.received)
        return out
