"""One entity's ops and their lazy fold, and the GC pause around batch work: the
replica's units (sync/materialise.py)."""

from __future__ import annotations

import gc

from sync.desk_fold import DeskFold
from sync.errors import ExceptionRecord
from sync.op import Op, OpKey
from sync.order_fold import OrderFold
from sync.stock_fold import StockFold

Fold = OrderFold | StockFold | DeskFold


class NoGc:
    """Batch work allocates millions of acyclic objects; the cycle collector only slows it
    down (about 3x) without ever finding garbage, so pause it for the batch. A plain class,
    not @contextmanager: the server snapshots one small replica per entity per push, where a
    generator-based manager cost as much as the snapshot itself."""

    __slots__ = ("enabled",)

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            gc.enable()


class Entity:
    """Ops of one entity: ops[:done] are sorted and folded into `fold` (the last of them
    has order key `last`); ops[done:] arrived since, in any order. Admitting an op is a
    plain append; the next read sorts the tail and folds it, or re-folds the entity if
    the tail reaches back before `last`."""

    __slots__ = ("checks", "done", "fold", "last", "ops")

    def __init__(self, fold: Fold) -> None:
        self.ops: list[Op] = []
        self.fold = fold
        self.done = 0
        self.last: OpKey | None = None
        self.checks: list[ExceptionRecord] | None = None
