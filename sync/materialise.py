"""Deterministic materialisation: state is a pure function of (op set, horizon).

Ops are grouped per entity and folded in order-key order. An op that sorts after
everything its entity has seen is folded in O(1); one that arrives out of order only
marks its entity for a re-fold at the next read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from sync.desk_fold import DeskFold
from sync.entities import Entity as _Entity
from sync.entities import Fold
from sync.entities import NoGc as _NoGc
from sync.errors import CLOCK_SKEW, ID_COLLISION, INVALID_OP, ExceptionRecord
from sync.invariants import make_record, quantity_checks, record_dict
from sync.kinds import problem
from sync.op import Op, encode_json, fact, order_key, sort_by_key
from sync.order_fold import OrderFold
from sync.screens import SCREENS, Screen
from sync.stock_fold import StockFold

_FOLDS: dict[str, type[OrderFold] | type[StockFold] | type[DeskFold]] = {
    "order": OrderFold,
    "stock": StockFold,
    "exception": DeskFold,
}


class Replica:
    """One replica's view. Feed ops in any order, any number of times; read `snapshot()`."""

    def __init__(self, horizon: int | None = None) -> None:
        self.horizon = horizon
        # device -> seq -> op: two dict lookups are 4x cheaper than building "device:seq"
        self._ops: dict[str, dict[int, Op]] = {}
        self._count = 0
        self._variants: dict[str, list[tuple[bytes, Op]]] = {}
        self._reset()

    def _reset(self) -> None:
        self._invalid: dict[str, ExceptionRecord] = {}
        self._quarantine: dict[str, Op] = {}
        self._released: set[str] = set()
        # released op id -> its earliest admitted sync.release, and the same targets as
        # device -> seqs so the hot loop can tell (two lookups, no id string) which new op
        # must fold at its release's clock (§3 "Release")
        self._release_at: dict[str, Op] = {}
        self._release_seqs: dict[str, set[int]] = {}
        # etype -> eid -> entity (two plain lookups beat building a tuple key per op)
        groups: dict[str, dict[str, _Entity]] = {"order": {}, "stock": {}, "exception": {}}
        self._entities = groups
        # kind -> (etype, screen, entities of that etype, fold type) for the kinds that fold
        # into an entity: the hot loop's one lookup per op (rebuilt only with the entities)
        self._routes: dict[str, tuple[str, Screen, dict[str, _Entity], type[Fold]]] = {
            kind: (etype, screen, groups[etype], _FOLDS[etype])
            for kind, (etype, screen) in SCREENS.items()
            if etype in groups
        }

    # -- input ---------------------------------------------------------------------
    def apply(self, ops: Iterable[Op]) -> None:
        """apply_one for each op; the common path (new, valid, not quarantined, an order
        or stock op) is inlined because this loop is the replay hot path."""
        added = 0
        with _NoGc():
            all_ops = self._ops
            h = self.horizon
            routes = self._routes
            rel = self._release_seqs
            try:
                # `in` and `[]` where a lookup nearly always hits or misses: cheaper than
                # .get(), and try costs nothing unless it raises
                for op in ops:
                    try:
                        seen = all_ops[op.device]
                    except KeyError:
                        seen = all_ops[op.device] = {}
                    seq = op.seq
                    if seq in seen:
                        cur = seen[seq]
                        if cur is not op:
                            self._collide(cur, op)  # may rebuild: refresh the tables
                            routes = self._routes
                            rel = self._release_seqs
                        continue
                    seen[seq] = op
                    added += 1
                    kind = op.kind
                    if (
                        kind not in routes
                        or (r := routes[kind])[0] != op.etype
                        or (h is not None and op.wall > h)
                        or not r[1](op.payload)
                        or (rel and op.device in rel and seq in rel[op.device])
                    ):
                        self._route(op)  # invalid, quarantined, released, or a sync.release
                        rel = self._release_seqs
                        continue
                    group = r[2]
                    ent = group.get(op.eid)
                    if ent is None:
                        ent = group[op.eid] = _Entity(r[3]())
                    ent.ops.append(op)
            finally:
                self._count += added  # also when the input iterator raises midway

    def apply_one(self, op: Op) -> None:
        seen = self._ops.setdefault(op.device, {})
        cur = seen.get(op.seq)
        if cur is None:
            seen[op.seq] = op
            self._count += 1
            self._route(op)
        elif cur is not op:
            self._collide(cur, op)

    def set_horizon(self, horizon: int | None) -> None:
        """Move the skew horizon; moving it forward releases what it now covers."""
        old = self.horizon
        self.horizon = horizon
        if old is not None and (horizon is None or horizon >= old):
            ready = [o for o in self._quarantine.values() if horizon is None or o.wall <= horizon]
            for o in ready:
                # a release admitted earlier in this loop may already have taken it out
                if self._quarantine.pop(o.id, None) is not None:
                    self._admit(o)
        elif old != horizon:
            self._rebuild()

    def _collide(self, cur: Op, op: Op) -> None:
        oid = cur.id
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
        kept = variants[0][1]
        if kept is not cur:
            self._ops[kept.device][kept.seq] = kept
            self._rebuild()

    def _rebuild(self) -> None:
        """Re-route every op; releases first, so each target folds at its release's clock
        from the start instead of being moved once per release."""
        self._reset()
        later: list[Op] = []
        for seen in self._ops.values():
            for op in seen.values():
                if op.kind == "sync.release":
                    self._route(op)
                else:
                    later.append(op)
        for op in later:
            self._route(op)

    def _route(self, op: Op) -> None:
        bad = problem(op)
        if bad is not None:
            r = make_record(INVALID_OP, (op,), {"reason": bad[0]})
            self._invalid[r.id] = r
            return
        h = self.horizon
        if h is not None and op.wall > h and op.id not in self._released:
            self._quarantine[op.id] = op
            return
        self._admit(op)

    def _admit(self, op: Op) -> None:
        etype = op.etype
        group = self._entities.get(etype)
        if group is None:  # sync.release, the only valid kind of any other etype
            self._release(op)
            return
        if self._release_seqs:
            rel = self._release_at.get(op.id)
            if rel is not None and order_key(rel) < order_key(op):
                # a released op folds at its release's clock, never at its own (forged)
                # future one: it cannot outrank a later honest write (§3 "Release")
                op = msgspec.structs.replace(op, wall=rel.wall, ctr=rel.ctr)
        ent = group.get(op.eid)
        if ent is None:
            ent = group[op.eid] = _Entity(_FOLDS[etype]())
        ent.ops.append(op)

    def _release(self, op: Op) -> None:
        """Admit a sync.release: its target leaves quarantine, and folds at the clock of its
        earliest release when that is before its own (an already folded target moves)."""
        target = op.eid
        prev = self._release_at.get(target)
        if prev is None or order_key(op) < order_key(prev):
            self._release_at[target] = op
            device, _, seq = target.rpartition(":")
            if seq.isdigit():
                self._release_seqs.setdefault(device, set()).add(int(seq))
                self._move(self._ops.get(device, {}).get(int(seq)), op)
        self._released.add(target)
        held = self._quarantine.pop(target, None)
        if held is not None:
            self._admit(held)

    def _move(self, target: Op | None, release: Op) -> None:
        """Re-admit a target that is already folded at a later clock than `release`."""
        if target is None or order_key(release) >= order_key(target):
            return
        group = self._entities.get(target.etype)
        ent = None if group is None else group.get(target.eid)
        if ent is None:  # not folded: quarantined, invalid or not an entity's op
            return
        for i, o in enumerate(ent.ops):
            if o.seq == target.seq and o.device == target.device:
                del ent.ops[i]
                ent.fold = type(ent.fold)()
                ent.done = 0
                ent.last = None
                ent.checks = None
                self._admit(target)
                return

    # -- output --------------------------------------------------------------------
    def _fresh(self, ent: _Entity) -> Fold:
        """Fold lazily: only the new tail, or everything if the tail reaches back."""
        ops = ent.ops
        done = ent.done
        if done == len(ops):
            return ent.fold
        if done == 0:
            sort_by_key(ops)
            todo = ops
        else:
            todo = ops[done:]
            sort_by_key(todo)
            assert ent.last is not None
            if order_key(todo[0]) > ent.last:
                ops[done:] = todo
            else:  # an op from before what was folded: start over (rare)
                sort_by_key(ops)
                todo = ops
                ent.fold = type(ent.fold)()
        fold = ent.fold
        fold.fold(todo)
        ent.last = order_key(todo[-1])
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
        with _NoGc():
            return self._exceptions()

    def _exceptions(self) -> list[ExceptionRecord]:
        found: dict[str, ExceptionRecord] = dict(self._invalid)  # keyed by record id
        for group in self._entities.values():
            for ent in group.values():
                for r in self._checks(ent):
                    found[r.id] = r
        # Resolved at the exception desk: out of the open queue (sync/desk_fold.py).
        for eid, ent in self._entities["exception"].items():
            if eid in found:
                fold = self._fresh(ent)
                if isinstance(fold, DeskFold) and fold.resolved is not None:
                    del found[eid]
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
        with _NoGc():
            fresh = self._fresh
            orders = {eid: fresh(e).snapshot() for eid, e in self._entities["order"].items()}
            stock = {eid: fresh(e).snapshot() for eid, e in self._entities["stock"].items()}
            excs = [record_dict(r) for r in self._exceptions()]
            snap = {"orders": orders, "stock": stock, "exceptions": excs}
            desk = self._entities["exception"]
            if desk:  # absent when empty: a replica without desk work reads as before
                snap["desk"] = {eid: fresh(e).snapshot() for eid, e in desk.items()}
            return snap

    def snapshot_json(self) -> bytes:
        """The snapshot as canonical JSON bytes (what replicas can hash and compare)."""
        snap = self.snapshot()
        with _NoGc():
            return msgspec.json.encode(snap, order="deterministic")

    def op(self, op_id: str) -> Op | None:
        """The op kept under `device:seq`, if any."""
        device, _, seq = op_id.rpartition(":")
        return self._ops.get(device, {}).get(int(seq)) if seq.isdigit() else None

    def __len__(self) -> int:
        """Number of distinct op ids."""
        return self._count


def materialise(ops: Iterable[Op], horizon: int | None = None) -> dict[str, Any]:
    replica = Replica(horizon)
    replica.apply(ops)
    return replica.snapshot()
