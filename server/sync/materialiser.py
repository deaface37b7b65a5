"""Re-fold the entities a push touched, with the sync core, inside the push transaction.

Two costs dominated a push: a statement per touched entity (each one a thread hop on
SQLite) and re-decoding and re-folding each entity's whole history. So all touched
entities are loaded and written back with a fixed handful of statements, and each process
keeps recently folded entities in memory: a push then reads and folds only the ops that
arrived since (its own, plus any another process appended). Ops are immutable and the log
is append-only in seq order (commits are serialised), so "every op of the entity up to
seq S" is all a cached fold needs to know to stay exact.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import msgspec

from server.db import Conn, oplog, stamp
from sync import MAX_DRIFT_MS, Op, Replica

Entity = tuple[str, str]  # (etype, eid)
# Entity ids are unique per warehouse (alembic 0007): two warehouses may each hold an order
# `taobao:X`, so a fold is cached under its warehouse too.
_Key = tuple[int, str, str]  # (warehouse, etype, eid)
# etypes with a state row; others only yield invalid_op records. An `exception` entity is the
# exception desk's work on one exception (sync/desk_fold.py), keyed by the exception's id.
STATEFUL = ("order", "stock", "exception")
_SNAP_KEY = {"order": "orders", "stock": "stock", "exception": "desk"}
DEFAULT_CAPACITY = 20_000
# The cache is bounded in bytes, not only entries: a fold's memory grows with its entity's
# history. Estimated per entry from its op count, with figures from tracemalloc of real
# order folds (FLEET.md phase 1: 6.8 KB with 2 ops, 7.9 KB with 3, 13.6 KB with 7;
# tests/server/sync/test_fold_cache.py re-measures them): a fixed part plus a part per op.
DEFAULT_MAX_BYTES = 48 * 2**20
ENTRY_BYTES = 4_800
OP_BYTES = 1_200

# Log rows were checked by the strict decoder when they arrived; skip the payload walk.
_trusted = msgspec.json.Decoder(Op)
_state = msgspec.json.Encoder(order="deterministic")
_plain = msgspec.json.Encoder()  # records keep their field order, as the struct encodes


def horizon_at(now: datetime) -> int:
    return int(now.timestamp() * 1000) + MAX_DRIFT_MS


@dataclass(eq=False)
class _Folded:
    replica: Replica
    seq: int = -1  # every op of the entity up to this log seq is folded; -1: uncommitted
    ahead: dict[str, int] = field(default_factory=dict)  # op id -> wall beyond a horizon
    weight: int = 0  # estimated bytes counted in the cache's total


def _weight(f: _Folded) -> int:
    return ENTRY_BYTES + OP_BYTES * len(f.replica)


@dataclass(frozen=True, slots=True)
class Pending:
    """A refold done inside a still-open transaction; `settle` it after the commit."""

    folds: list[tuple[_Key, _Folded]]
    before: int  # log head before this push's rows
    seq: int  # log head after them


class Materialiser:
    """Per-process LRU of folded entities; only committed folds are ever reused."""

    def __init__(
        self, capacity: int = DEFAULT_CAPACITY, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self.capacity = capacity
        self.max_bytes = max_bytes
        self._cache: OrderedDict[_Key, _Folded] = OrderedDict()
        self._bytes = 0  # estimated, of the settled entries (see `_weight`)
        self.hits = 0
        self.misses = 0
        # Every op in (_mine_since, _head] was appended by this process, so a fold settled at
        # or after _mine_since has missed nothing: the next push needs no catch-up query.
        self._head = -1
        self._mine_since = 0

    async def refold(
        self,
        conn: Conn,
        touched: Mapping[Entity, int],
        seq: int,
        now: datetime,
        fresh: Mapping[str, Op],
        releases: Sequence[tuple[Entity, Op]] = (),
    ) -> Pending:
        """Rewrite the state rows and exceptions of `touched` (entity -> warehouse).

        `fresh` are this push's appended ops by id, which hold log seqs `seq - len(fresh)
        + 1 .. seq` (the caller holds the log's write lock); `releases` are the push's
        accepted releases with the entity they release into.
        """
        horizon = horizon_at(now)
        before = seq - len(fresh)
        quiet = self._mine_since if before == self._head else None
        folds: dict[Entity, _Folded] = {}
        seen: dict[Entity, int] = {}  # log seq each fold is exact to, -1 for a fresh one
        for entity, wh in touched.items():
            key = (wh, *entity)
            f = self._cache.get(key)
            if f is None or f.seq < 0:
                self.misses += 1
                if f is not None:
                    self._bytes -= f.weight
                f = self._cache[key] = _Folded(Replica(horizon))
            else:
                self.hits += 1
            seen[entity], f.seq = f.seq, -1  # about to change inside an open transaction
            folds[entity] = f
        for f in folds.values():
            f.replica.set_horizon(horizon)
        stale = {e for e, w in seen.items() if quiet is None or w < quiet}
        await self._catch_up(conn, touched, folds, seen, stale, before, horizon, fresh)
        for entity, op in releases:
            folds[entity].replica.apply_one(op)
        await self._releases(conn, folds, horizon, fresh)
        await _write(conn, touched, folds, seq, now)
        return Pending([((touched[e], *e), f) for e, f in folds.items()], before, seq)

    def settle(self, pending: Pending) -> None:
        """The transaction committed: the folds are exact as of its log head."""
        for key, f in pending.folds:
            if self._cache.get(key) is f:
                f.seq = pending.seq
                weight = _weight(f)
                self._bytes += weight - f.weight
                f.weight = weight
                self._cache.move_to_end(key)
        if pending.seq > self._head:  # a late settle of an older push changes nothing
            if pending.before != self._head:
                self._mine_since = pending.before  # someone else wrote in between
            self._head = pending.seq
        while self._cache and (len(self._cache) > self.capacity or self._bytes > self.max_bytes):
            _key, f = self._cache.popitem(last=False)
            self._bytes -= f.weight

    def clear(self) -> None:
        """Forget every fold (a group that settled folds rolled back)."""
        self._cache.clear()
        self._bytes = 0
        self._head = -1
        self._mine_since = 0

    def figures(self) -> dict[str, int]:
        """Entries, estimated bytes against the budget, hits and misses (diagnostics)."""
        return {
            "entries": len(self._cache),
            "bytes": self._bytes,
            "max_bytes": self.max_bytes,
            "max_entries": self.capacity,
            "hits": self.hits,
            "misses": self.misses,
        }

    async def _catch_up(
        self,
        conn: Conn,
        touched: Mapping[Entity, int],
        folds: dict[Entity, _Folded],
        seen: dict[Entity, int],
        stale: set[Entity],
        before: int,
        horizon: int,
        fresh: Mapping[str, Op],
    ) -> None:
        """Feed each fold the ops it has not seen: the log's, up to `before`, for folds that
        may have missed another writer's ops (one query per group); then this push's."""
        groups: dict[tuple[int, str, bool], list[str]] = defaultdict(list)
        for etype, eid in stale:
            groups[(touched[(etype, eid)], etype, seen[(etype, eid)] >= 0)].append(eid)
        for (wh, etype, cached), eids in sorted(groups.items()):
            since = min(seen[(etype, e)] for e in eids) if cached else -1
            rows = await oplog.entities_ops(conn, wh, etype, eids, since, before)
            for eid, row_seq, raw in rows:
                if row_seq > seen[(etype, eid)]:
                    _feed(folds[(etype, eid)], _trusted.decode(raw), horizon)
            # releases of these entities' ops (a released op folds at its release's clock,
            # whether or not it is still beyond the horizon); a repeat is a no-op
            for eid, op_id, raw in await oplog.releases_into(conn, wh, etype, eids, since):
                op = fresh.get(op_id) or _trusted.decode(raw)
                folds[(etype, eid)].replica.apply_one(op)
        for op in fresh.values():
            f = folds.get((op.etype, op.eid))
            if f is not None:
                _feed(f, op, horizon)

    async def _releases(
        self, conn: Conn, folds: dict[Entity, _Folded], horizon: int, fresh: Mapping[str, Op]
    ) -> None:
        """Releases matter only for quarantined ops: look those up, wherever they came from."""
        owner: dict[str, _Folded] = {}
        for f in folds.values():
            if f.ahead:
                f.ahead = {i: w for i, w in f.ahead.items() if w > horizon}
                owner.update(dict.fromkeys(f.ahead, f))
        if not owner:
            return
        for target, op_id, raw in await oplog.releases_of(conn, sorted(owner)):
            owner[target].replica.apply_one(fresh.get(op_id) or _trusted.decode(raw))


def _feed(f: _Folded, op: Op, horizon: int) -> None:
    f.replica.apply_one(op)
    if op.wall > horizon:
        f.ahead[op.id] = op.wall


async def _write(
    conn: Conn, touched: Mapping[Entity, int], folds: dict[Entity, _Folded], seq: int, now: datetime
) -> None:
    """Upsert state rows; insert new exception records, resolve open ones no longer derived."""
    entity_rows = []
    records: dict[str, tuple[dict[str, Any], int]] = {}
    resolved: dict[int, list[str]] = defaultdict(list)
    for entity, f in folds.items():
        etype, eid = entity
        wh = touched[entity]
        snap = f.replica.snapshot()
        # The snapshot's records are plain dicts with the record's fields in its order.
        for r in snap["exceptions"]:
            records[r["id"]] = (r, wh)
        if etype not in STATEFUL:
            continue
        state = snap.get(_SNAP_KEY[etype], {}).get(eid, {})
        if etype == "exception":
            status = "open" if state.get("resolved") is None else "resolved"
            if status == "resolved":
                resolved[wh].append(eid)
        else:
            status = str(state.get("status", ""))
        entity_rows.append((wh, etype, eid, _state.encode(state).decode(), status, seq))
    await oplog.upsert_entities(conn, entity_rows)
    by_type: dict[tuple[int, str], list[str]] = defaultdict(list)
    for etype, eid in folds:
        by_type[(touched[(etype, eid)], etype)].append(eid)
    stale: set[str] = set()
    for (wh, etype), eids in sorted(by_type.items()):
        open_ = await oplog.unresolved_exceptions(conn, wh, etype, sorted(eids))
        stale |= {r[1] for r in open_}
    at = stamp(conn, now)
    await oplog.resolve_exceptions(conn, sorted(stale - records.keys()), at)
    for wh, ids in sorted(resolved.items()):
        await oplog.resolve_at_desk(conn, wh, sorted(ids), at)
    await conn.executemany(
        oplog.INSERT_EXCEPTION,
        [
            # Columns are sized for real etypes; the full record keeps a longer bogus one.
            (rid, wh, r["kind"], r["etype"][:32], r["eid"], _plain.encode(r).decode(), seq, at)
            for rid, (r, wh) in records.items()
            if rid not in stale
        ],
    )
