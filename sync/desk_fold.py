"""Fold of one exception's desk entity: what the exception handler did about it.

The entity id is the exception record's id (sync/invariants.py derives it from the ops
involved, so every replica names the same exception alike). Rules, folded in order-key
order so every replica agrees:
- `exception.assign`: last writer wins (the assignee is who should act now);
- `exception.note`, `exception.notify_cs`: event sets, every one kept (the audit trail);
- `exception.resolve`: forward-only. The first resolve in order-key order wins; a later one
  is kept in the trail but changes nothing. A resolved exception leaves the open queue of
  every replica (sync/materialise.py), and on the server (server/sync/materialiser.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sync.errors import ExceptionRecord
from sync.op import Op

OUTCOMES = ("re_pick", "reprint", "split", "cancel", "accept")


def _event(op: Op) -> dict[str, Any]:
    return {"op": op.id, "actor": op.actor, "device": op.device, "wall": op.wall, **op.payload}


class DeskFold:
    __slots__ = ("assignee", "exceptions", "resolved", "trail")

    def __init__(self) -> None:
        self.assignee: dict[str, Any] | None = None
        self.resolved: dict[str, Any] | None = None
        self.trail: list[dict[str, Any]] = []
        self.exceptions: list[ExceptionRecord] = []  # a desk raises none

    def fold(self, ops: Iterable[Op]) -> None:
        for op in ops:
            event = _event(op)
            event["kind"] = op.kind
            self.trail.append(event)
            if op.kind == "exception.assign":
                self.assignee = event
            elif op.kind == "exception.resolve" and self.resolved is None:
                self.resolved = event

    def snapshot(self) -> dict[str, Any]:
        return {
            "assignee": None if self.assignee is None else self.assignee["to"],
            "resolved": self.resolved,
            "trail": list(self.trail),
        }
