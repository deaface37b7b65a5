"""Deterministic materialisation: state is a pure function of (op set, horizon).

Ops are grouped per entity and folded in order-key order. An op that sorts after
everything its entity has seen is folded in O(1); one that arrives out of order only
marks its entity for a re-fold at the next read.
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import msgspec

from sync.errors import CLOCK_SKEW, ID_COLLISION, INVALID_OP, ExceptionRecord, InvalidOpError
from sync.invariants import make_record, quantity_checks, record_dict
from sync.kinds import validate
from sync.op import Op, OpKey, encode_json, fact
from sync.order_fold import OrderFold
from sync.stock_fold import StockFold

Fold = OrderFold | StockFold
_FOLDS: dict[str, type[OrderFold] | type[StockFold]] = {"order": OrderFold, "stock": StockFold}


@contextmanager
def _no_gc() -> Iterator[None]:
    """Batch work allocates millions of acyclic objects; the cycle collector only slows it
    down (about 3x) without ever finding garbage, so pause it for the batch."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Entity:
    """Sorted ops of one entity; `fold` has consumed ops[:done] unless `dirty`."""

    __slots__ = ("checks", "dirty", "done", "fold", "keys", "ops")

    def __init__(self, fold: Fold) -> None:
        self.keys: list[OpKey] = []
        self.ops: list[Op] = []
        self.fold = fold
        self.done = 0
        self.dirty = False
        self.checks: list[ExceptionRecord] | None = None


class Replica:
    """One replica's view. Feed ops in any order, any number of times; read `snapshot()`."""

    def __init__(self, horizon: int | None = None) -> None:
        self.horizon = horizon
        self._ops: dict[str, Op] = {}
        self._variants: dict[str, list[tuple[bytes, Op]]] = {}
        self._reset()

    def _reset(self) -> None:
        self._invalid: dict[str, ExceptionRecord] = {}
        self._quarantine: dict[str, Op] = {}
        self._released: set[str] = set()
        self._entities: dict[tuple[str, str], _Entity] = {}

    # -- input ---------------------------------------------------------------------
    def apply(self, ops: Iterable[Op]) -> None:
        with _no_gc():
            for op in ops:
                self.apply_one(op)

    def apply_one(self, op: Op) -> None:
        oid = op.id
        cur = self._ops.get(oid)
        if cur is None:
            self._ops[oid] = op
            self._route(op)
        elif cur is not op:
            self._collide(oid, cur, op)

    def set_horizon(self, horizon: int | None) -> None:
        """Move the skew horizon; moving it forward releases what it now covers."""
        old = self.horizon
        self.horizon = horizon
        if old is not None and (horizon is None or horizon >= old):
            ready = [o for o in self._quarantine.values() if horizon is None or o.wall <= horizon]
            for o in ready:
                del self._quarantine[o.id]
                self._admit(o)
        elif old != horizon:
            self._rebuild()

    def _collide(self, oid: str, cur: Op, op: Op) -> None:
        variants = self._variants.get(oid)
        if variants is None:
            variants = self._variants[oid] = [(encode_json(cur), cur)]
        new = encode_json(op)
        if any(b == new for b, _ in variants):
            if len(variants) == 1:
                del self._variants[oid]  # plain duplicate, not a collision
            return
        variants.append((new, op))
        variants.sort(key=lambda v: v[0])
        if variants[0][1] is not cur:
            self._ops[oid] = variants[0][1]
            self._rebuild()

    def _rebuild(self) -> None:
        self._reset()
        for op in self._ops.values():
            self._route(op)

    def _route(self, op: Op) -> None:
        try:
            validate(op)
        except InvalidOpError as e:
            self._invalid[op.id] = make_record(INVALID_OP, (op,), {"reason": e.reason})
            return
        h = self.horizon
        if h is not None and op.wall > h and op.id not in self._released:
            self._quarantine[op.id] = op
            return
        self._admit(op)

    def _admit(self, op: Op) -> None:
        if op.kind == "sync.release":
            self._released.add(op.eid)
            held = self._quarantine.pop(op.eid, None)
            if held is not None:
                self._admit(held)
            return
        ek = (op.etype, op.eid)
        ent = self._entities.get(ek)
        if ent is None:
            ent = self._entities[ek] = _Entity(_FOLDS[op.etype]())
        key = op.key
        keys = ent.keys
        if not keys or key > keys[-1]:
            keys.append(key)
            ent.ops.append(op)
        else:
            i = bisect.bisect(keys, key)
            keys.insert(i, key)
            ent.ops.insert(i, op)
            if i < ent.done:
                ent.dirty = True

    # -- output --------------------------------------------------------------------
    def _fresh(self, ent: _Entity) -> Fold:
        """Fold lazily: only the new tail, or everything after an out-of-order insert."""
        if ent.dirty:
            ent.fold = type(ent.fold)()
            ent.done = 0
            ent.dirty = False
        fold = ent.fold
        keys, ops = ent.keys, ent.ops
        if ent.done < len(ops):
            for i in range(ent.done, len(ops)):
                fold.apply(ops[i], keys[i])
            ent.done = len(ops)
            ent.checks = None
        return fold

    def _checks(self, ent: _Entity) -> list[ExceptionRecord]:
        fold = self._fresh(ent)
        if ent.checks is None:
            found = list(fold.exceptions)
            if isinstance(fold, OrderFold):
                found.extend(quantity_checks(fold))
            ent.checks = found
        return ent.checks

    def exceptions(self) -> list[ExceptionRecord]:
        """The exception queue, sorted by id."""
        with _no_gc():
            return self._exceptions()

    def _exceptions(self) -> list[ExceptionRecord]:
        found: dict[str, ExceptionRecord] = dict(self._invalid)
        for ent in self._entities.values():
            for r in self._checks(ent):
                found[r.id] = r
        h = self.horizon
        for op in self._quarantine.values():
            assert h is not None
            detail = {"horizon": h, "ahead_ms": op.wall - h}
            r = make_record(CLOCK_SKEW, (op,), detail)
            found[r.id] = r
        for oid, variants in self._variants.items():
            ops = tuple(o for _, o in variants)
            r = ExceptionRecord(
                f"{ID_COLLISION}:{oid}",
                ID_COLLISION,
                ops[0].etype,
                ops[0].eid,
                tuple(fact(o) for o in ops),
                {},
            )
            found[r.id] = r
        return [found[k] for k in sorted(found)]

    def snapshot(self) -> dict[str, Any]:
        """Plain JSON-able data, equal across converged replicas. Treat it as read-only:
        field values may share structure with op payloads."""
        with _no_gc():
            orders: dict[str, Any] = {}
            stock: dict[str, Any] = {}
            for (etype, eid), ent in self._entities.items():
                target = orders if etype == "order" else stock
                target[eid] = self._fresh(ent).snapshot()
            excs = [record_dict(r) for r in self._exceptions()]
            return {"orders": orders, "stock": stock, "exceptions": excs}

    def snapshot_json(self) -> bytes:
        """The snapshot as canonical JSON bytes (what replicas can hash and compare)."""
        snap = self.snapshot()
        with _no_gc():
            return msgspec.json.encode(snap, order="deterministic")

    def op(self, op_id: str) -> Op | None:
        return self._ops.get(op_id)

    def __len__(self) -> int:
        return len(self._ops)


def materialise(ops: Iterable[Op], horizon: int | None = None) -> dict[str, Any]:
    replica = Replica(horizon)
    replica.apply(ops)
    return replica.snapshot()
