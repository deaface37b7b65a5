"""Push: exactly-once by op id, every op authorised, acknowledged only after commit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from server.db import Conn, Connector, fetch_in, oplog, stamp
from server.identity import sessions
from server.identity.principal import Principal
from server.identity.sessions import Window
from server.roles import parse_roles
from server.sync.compaction import TERMINAL
from server.sync.group import GroupWriter
from server.sync.materialiser import Entity, Materialiser
from server.sync.scope import Actor, stock_warehouse
from sync import Op, encode_json
from sync.permissions import ROUTE

ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"


@dataclass(frozen=True, slots=True)
class OpResult:
    id: str
    status: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Undecodable:
    """An input that is not an op at all; kept for the office with the decoder's reason."""

    ref: str
    raw: str
    reason: str


@dataclass
class _Batch:
    warehouse: int
    now: datetime
    # By position in the batch: two ops may share an id and get different answers.
    results: dict[int, OpResult] = field(default_factory=dict)
    accepted: list[tuple[Op, str, int]] = field(default_factory=list)  # op, json, warehouse
    rejected: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def reject(self, i: int, op: Op, reason: str, detail: str, body: str) -> None:
        self.results[i] = OpResult(op.id, REJECTED, reason)
        self.rejected.append((op.id, op.actor, reason, detail, body))


async def _actors(conn: Conn, warehouse: int, codes: Sequence[str]) -> dict[str, Actor]:
    sql = (
        "SELECT u.id, u.employee_code, u.roles FROM app_user u"
        ' JOIN user_warehouse m ON m."user" = u.id WHERE m.warehouse = ? AND u.active = ?'
    )
    rows = await fetch_in(conn, sql, [warehouse, True], "u.employee_code", codes)
    return {r[1]: Actor(int(r[0]), r[1], frozenset(parse_roles(r[2]))) for r in rows}


@dataclass(frozen=True, slots=True)
class _Push:
    principal: Principal | None
    ops: Sequence[Op]
    warehouse: int
    undecodable: Sequence[Undecodable]


PushOutcome = tuple[list[OpResult], int, set[tuple[str, str]]]


class Ingestor:
    def __init__(self, connector: Connector) -> None:
        self.connector = connector
        self.folds = Materialiser()
        self.writer: GroupWriter[_Push, PushOutcome] = GroupWriter(
            connector, self._store, self._forget
        )
        self.stats = {"fast_duplicates": 0}

    async def push(
        self,
        principal: Principal | None,
        ops: Sequence[Op],
        warehouse: int,
        undecodable: Sequence[Undecodable] = (),
    ) -> PushOutcome:
        """Store a batch; `principal=None` means server-authored ops, trusted as they are.

        Returns per-op results in input order, the cursor after commit and touched entities.
        Raises `Busy` (429) when the writer's queue is full.
        """
        if ops and not undecodable:
            quick = await self._all_duplicates(ops)
            if quick is not None:
                return quick
        job = _Push(principal, ops, warehouse, undecodable)
        return await self.writer.submit(job, len(ops), may_refuse=principal is not None)

    async def _all_duplicates(self, ops: Sequence[Op]) -> PushOutcome | None:
        """A retry of a stored batch, answered from a read snapshot without the writer.

        Classification answers an op whose id is stored with identical bytes `duplicate`
        before any other check (the op was authorised when it was first stored), so when
        every op of a batch is such a duplicate the answer needs no write and no queue:
        retries stay fast however busy ingest is (FLEET.md, push finding 5).
        """
        ids = sorted({op.id for op in ops})
        async with self.connector.read() as conn:
            existing = await oplog.existing_ops(conn, ids)
            if len(existing) != len(ids):
                return None
            if any(existing[op.id] != encode_json(op).decode() for op in ops):
                return None  # an id collision: the writer records the rejection
            cursor = await oplog.max_seq(conn)
        self.stats["fast_duplicates"] += 1
        return [OpResult(op.id, DUPLICATE) for op in ops], cursor, set()

    def _forget(self) -> None:
        """A group rolled back after its pushes settled folds: drop every cached fold."""
        self.folds.clear()

    async def _store(self, conn: Conn, job: _Push) -> tuple[PushOutcome, Callable[[], None]]:
        """One push inside the group's transaction (the log lock is held)."""
        principal, ops, warehouse, undecodable = (
            job.principal,
            job.ops,
            job.warehouse,
            job.undecodable,
        )
        batch = _Batch(warehouse=warehouse, now=datetime.now(UTC))
        await self._classify(conn, principal, ops, batch)
        now = stamp(conn, batch.now)
        await conn.executemany(
            oplog.INSERT_OP, [_op_row(op, body, wh, now) for op, body, wh in batch.accepted]
        )
        device = principal.device_id if principal else "server"
        await conn.executemany(
            oplog.INSERT_REJECTED,
            [
                (oid, device, warehouse, actor, reason, detail, body, now)
                for oid, actor, reason, detail, body in batch.rejected
            ]
            + [
                (u.ref, device, warehouse, "", "decode_error", u.reason, u.raw, now)
                for u in undecodable
            ],
        )
        cursor = await oplog.max_seq(conn)
        touched, releases = await self._touched(conn, batch)
        fresh = {op.id: op for op, _b, _w in batch.accepted}
        folded = await self.folds.refold(conn, touched, cursor, batch.now, fresh, releases)
        results = [batch.results[i] for i in range(len(ops))]
        return (results, cursor, set(touched)), lambda: self.folds.settle(folded)

    async def _classify(
        self, conn: Conn, principal: Principal | None, ops: Sequence[Op], batch: _Batch
    ) -> None:
        ids = [op.id for op in ops]  # a property that formats a string: once per op
        seen: dict[str, str] = {}
        existing = await oplog.existing_ops(conn, sorted(set(ids)))
        codes = sorted({op.actor for op in ops})
        actors = await _actors(conn, batch.warehouse, codes) if principal else {}
        signed = await sessions.windows(conn, principal.device_pk, codes) if principal else {}
        order_eids = sorted({op.eid for op in ops if op.etype == "order"})
        orders = await oplog.entity_warehouses(conn, batch.warehouse, "order", order_eids)
        order_wh = {eid: wh for eid, (wh, _status) in orders.items()}
        finished = sorted(eid for eid, (_wh, status) in orders.items() if status in TERMINAL)
        archived = (
            await oplog.compacted(conn, batch.warehouse, "order", finished) if finished else set()
        )
        desk_ids = sorted({op.eid for op in ops if op.etype == "exception"})
        known = await oplog.known_exceptions(conn, batch.warehouse, desk_ids) if desk_ids else set()
        sync_eids = sorted({op.eid for op in ops if op.etype == "sync"})
        targets = await oplog.op_warehouses(conn, sync_eids) if sync_eids else {}
        routes: dict[int, set[str]] = {}  # route-only actor -> the batch's orders on the route
        for actor in actors.values():
            if actor.route_only and order_eids:
                routes[actor.user_pk] = await oplog.on_route(
                    conn, batch.warehouse, actor.user_pk, order_eids
                )
        scope = _Scope(actors, signed, order_wh, targets, routes, known)
        wh = batch.warehouse
        results = batch.results
        for i, (op, oid) in enumerate(zip(ops, ids, strict=True)):
            body = encode_json(op).decode()
            prior = existing.get(oid) or seen.get(oid)
            if prior is not None:
                if prior == body:
                    results[i] = OpResult(oid, DUPLICATE if oid in existing else ACCEPTED)
                else:
                    batch.reject(i, op, "id_collision", "another op already has this id", body)
                continue
            if op.etype == "order" and op.eid in archived:
                # Its history is gone, so it could not be folded; and a re-push of an op
                # compacted away must not be taken as new (exactly-once beyond retention).
                batch.reject(
                    i, op, "compacted", f"order {op.eid!r} was archived by compaction", body
                )
                continue
            if principal is not None:
                reason = scope.deny(principal, op)
                if reason is not None:
                    batch.reject(i, op, reason[0], reason[1], body)
                    continue
            if op.etype == "order" and op.eid not in order_wh:
                order_wh[op.eid] = wh
            seen[oid] = body
            results[i] = OpResult(oid, ACCEPTED)
            batch.accepted.append((op, body, wh))

    async def _touched(
        self, conn: Conn, batch: _Batch
    ) -> tuple[dict[Entity, int], list[tuple[Entity, Op]]]:
        """Entities to re-fold (-> warehouse), and the releases with the entity they free."""
        touched: dict[Entity, int] = {}
        releases: list[tuple[Entity, Op]] = []
        named = [op.eid for op, _b, _w in batch.accepted if op.etype == "sync"]
        targets = await oplog.op_warehouses(conn, named) if named else {}
        for op, _body, wh in batch.accepted:
            if op.etype != "sync":
                # Unknown etypes too: they fold to nothing but still owe an invalid_op record.
                touched[(op.etype, op.eid)] = wh
            elif op.eid in targets:
                twh, etype, eid = targets[op.eid]
                touched[(etype, eid)] = twh
                releases.append(((etype, eid), op))
        return touched, releases


@dataclass(frozen=True, slots=True)
class _Scope:
    """What one batch's authorisation needs, loaded once per push."""

    actors: dict[str, Actor]
    signed: dict[str, list[Window]]
    order_wh: dict[str, int]
    targets: dict[str, tuple[int, str, str]]
    routes: dict[int, set[str]]
    exceptions: set[str]  # the batch's desk targets this warehouse's queue has (ever) held

    def deny(self, principal: Principal, op: Op) -> tuple[str, str] | None:
        """Why the principal's device may not store this op, or None.

        Another warehouse's entity answers exactly like a missing one (same reason, same
        detail), so a push cannot probe which order numbers exist elsewhere.
        """
        actor = self.actors.get(op.actor)
        windows = self.signed.get(op.actor, ())
        if actor is None or not any(w.covers(op.seq, op.wall) for w in windows):
            return (
                "actor_not_signed_in",
                f"{op.actor!r} was not signed in on device {principal.device_id}"
                f" for op {op.seq} at {op.wall}",
            )
        scope = actor.scope(op.kind)
        if scope is None:
            return "forbidden_kind", f"{op.actor} may not {op.kind}"
        if op.etype == "order":
            # order_wh holds this warehouse's orders only (identity is per warehouse, alembic
            # 0007): another warehouse's order is simply not there, like a missing one.
            if op.eid not in self.order_wh and op.kind != "order.create":
                return "unknown_entity", f"no order {op.eid!r}"
            route = self.routes.get(actor.user_pk)
            if scope == ROUTE and (route is None or op.eid not in route):
                return "out_of_scope", f"order {op.eid!r} is not on {op.actor}'s route"
        elif op.etype == "stock" and stock_warehouse(op.eid) != principal.warehouse_code:
            return "unknown_entity", f"no stock {op.eid!r}"
        elif op.etype == "exception" and op.eid not in self.exceptions:
            # Another warehouse's exception answers like a missing one.
            return "unknown_entity", f"no exception {op.eid!r}"
        elif op.etype == "sync":
            target = self.targets.get(op.eid)
            if target is None or target[0] != principal.warehouse_id:
                return "unknown_entity", f"no op {op.eid!r}"
        return None


def _op_row(op: Op, body: str, warehouse: int, now: datetime | str) -> tuple[object, ...]:
    hlc = f"{op.wall:015d}-{op.ctr:010d}"
    return (
        op.id,
        op.device,
        op.seq,
        hlc,
        op.actor,
        warehouse,
        op.etype,
        op.eid,
        op.kind,
        op.wall,
        op.ctr,
        body,
        now,
    )
