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
    """Named registers (one per order field)."""

    __slots__ = ("regs",)

    def __init__(self) -> None:
        self.regs: dict[str, Register[Any]] = {}

    def set(self, name: str, value: Any, op: Op, key: OpKey) -> bool:
        """Write; returns True if the write is the current winner."""
        cur = self.regs.get(name)
        if cur is None or key > cur.key:
            self.regs[name] = Register(value, op, key)
            return True
        return False

    def get(self, name: str, default: Any = None) -> Any:
        reg = self.regs.get(name)
        return default if reg is None else reg.value

    def winner(self, name: str) -> Op | None:
        reg = self.regs.get(name)
        return None if reg is None else reg.op

    def values(self) -> dict[str, Any]:
        return {k: r.value for k, r in self.regs.items()}
