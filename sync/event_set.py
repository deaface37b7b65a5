"""Append-only event sets (scans, picks, deliveries, photos, signatures, handoffs).

Law: a grow-only set of ops keyed by op id — merge is set union, so duplicates collapse
and order of arrival is irrelevant. Iteration is in order-key order; an event's time is
its op's wall clock (the device's time of action), never the time of sync.
"""

from __future__ import annotations

import bisect

from sync.op import Op, OpKey


class EventSet:
    __slots__ = ("_ids", "_keys", "_ops")

    def __init__(self) -> None:
        self._keys: list[OpKey] = []
        self._ops: list[Op] = []
        self._ids: set[str] = set()

    def add(self, op: Op, key: OpKey) -> bool:
        """Insert; O(1) when the op sorts last. Returns False for a duplicate."""
        oid = op.id
        if oid in self._ids:
            return False
        self._ids.add(oid)
        if not self._keys or key > self._keys[-1]:
            self._keys.append(key)
            self._ops.append(op)
        else:
            i = bisect.bisect(self._keys, key)
            self._keys.insert(i, key)
            self._ops.insert(i, op)
        return True

    def union(self, other: EventSet) -> EventSet:
        out = EventSet()
        for src in (self, other):
            for k, op in zip(src._keys, src._ops, strict=True):
                out.add(op, k)
        return out

    def __contains__(self, op_id: object) -> bool:
        return op_id in self._ids

    def __len__(self) -> int:
        return len(self._ops)

    def ops(self) -> list[Op]:
        return list(self._ops)

    def ids(self) -> list[str]:
        return [op.id for op in self._ops]
