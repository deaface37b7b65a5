"""Last-writer-wins registers.

Law: the value is that of the write with the greatest order key (HLC, then op id);
`merge` is commutative, associative and idempotent, so any delivery order converges.
Older writes are not deleted — their ops stay in the op set.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from sync.op import Op, OpKey

V = TypeVar("V")


class Register(Generic[V]):
    __slots__ = ("key", "op", "value")

    def __init__(self, value: V, op: Op, key: OpKey) -> None:
        self.value = value
        self.op = op
        self.key = key

    def merge(self, other: Register[V]) -> Register[V]:
        return other if other.key > self.key else self


class LWWMap:
    """Named registers (one per order field), each stored as a (value, op) pair: the same
    law as Register, without an object per write on the replay hot path."""

    __slots__ = ("regs",)

    def __init__(self) -> None:
        self.regs: dict[str, tuple[Any, Op]] = {}

    def set(self, name: str, value: Any, op: Op, key: OpKey) -> bool:
        """Write; returns True if the write is the current winner."""
        cur = self.regs.get(name)
        if cur is None or key > cur[1].key:
            self.regs[name] = (value, op)
            return True
        return False

    def set_latest(self, name: str, value: Any, op: Op) -> None:
        """Write from a fold that visits ops in order-key order: each write is then the
        latest so far by construction, and `set`'s comparison would always succeed."""
        self.regs[name] = (value, op)

    def get(self, name: str, default: Any = None) -> Any:
        reg = self.regs.get(name)
        return default if reg is None else reg[0]

    def winner(self, name: str) -> Op | None:
        reg = self.regs.get(name)
        return None if reg is None else reg[1]

    def register(self, name: str) -> Register[Any] | None:
        reg = self.regs.get(name)
        return None if reg is None else Register(reg[0], reg[1], reg[1].key)

    def values(self) -> dict[str, Any]:
        return {k: r[0] for k, r in self.regs.items()}
