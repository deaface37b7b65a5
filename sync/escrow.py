"""Escrow (bounded) counter for stock.

Law: the server grants each device an allowance; a spend of q by device d is valid iff
spent[d] + q <= granted[d], both summed over ops that sort before the spend. So an
offline pick inside its allowance is valid by construction, and no two devices can both
take the last unit without one of them being reported. Spends are always counted (the
goods left the shelf); the check only decides whether an exception is due.
"""

from __future__ import annotations

from collections import defaultdict


class Escrow:
    __slots__ = ("granted", "on_hand", "spent")

    def __init__(self) -> None:
        self.granted: defaultdict[str, int] = defaultdict(int)
        self.spent: defaultdict[str, int] = defaultdict(int)
        self.on_hand = 0

    def grant(self, device: str, qty: int) -> None:
        self.granted[device] += qty

    def spend(self, device: str, qty: int) -> bool:
        """Record the spend; True if it was within the device's allowance."""
        ok = self.spent.get(device, 0) + qty <= self.granted.get(device, 0)
        self.spent[device] += qty
        self.on_hand -= qty
        return ok

    def adjust(self, delta: int) -> None:
        self.on_hand += delta

    def merge(self, other: Escrow) -> Escrow:
        """Sum of two disjoint op sets' counters (grants/spends are op-keyed upstream)."""
        out = Escrow()
        for src in (self, other):
            for d, q in src.granted.items():
                out.granted[d] += q
            for d, q in src.spent.items():
                out.spent[d] += q
            out.on_hand += src.on_hand
        return out
