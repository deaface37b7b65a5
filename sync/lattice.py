"""Forward-only status lattice with absorbing terminal states.

Law: `join(a, b)` is a terminal if either side is one (the earlier-listed terminal if
both), otherwise the later element of the chain. join is commutative, associative and
idempotent; status never moves backwards and a terminal absorbs every later forward op
(the op itself is kept and reported, see the order fold).
"""

from __future__ import annotations


class StatusLattice:
    def __init__(self, chain: tuple[str, ...], terminals: tuple[str, ...]) -> None:
        self.chain = chain
        self.terminals = terminals
        self._rank = {s: i for i, s in enumerate(chain)}
        n = len(chain)
        self._rank.update({s: n + len(terminals) - i for i, s in enumerate(terminals)})

    @property
    def bottom(self) -> str:
        return self.chain[0]

    def __contains__(self, status: object) -> bool:
        return status in self._rank

    def is_terminal(self, status: str) -> bool:
        return status in self.terminals

    def join(self, a: str, b: str) -> str:
        return a if self._rank[a] >= self._rank[b] else b


ORDER_STATUS = StatusLattice(
    ("created", "printed", "picked", "packed", "shipped", "delivered"), ("cancelled",)
)
LABEL_STATUS = StatusLattice(("printed",), ("voided",))
