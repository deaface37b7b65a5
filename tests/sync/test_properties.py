"""Property tests of the sync core over simulated warehouse days (tests/support/sync_world).

Every example plays a script of 3-10 devices with wrong clocks acting on a few shared
orders and SKUs, then hands the resulting op set to several replicas in different orders,
with duplicates and partitions. Example counts come from the hypothesis profile in
tests/conftest.py (`ci`: 1,000 per property, `dev`: 100), never from here.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support.sync_world import World, run, scripts

from sync import (
    Op,
    Replica,
    decode_json,
    decode_msgpack,
    encode_json,
    encode_msgpack,
    materialise,
)
from sync.kinds import ORDER_STATUSES, problem

# Examples are whole simulated days, not single values; allow them to take a few ms.
PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RANK = {s: i for i, s in enumerate(ORDER_STATUSES)}


def _deliveries(ops: list[Op], rng: random.Random) -> list[list[Op]]:
    """How one replica receives the set: shuffled, some ops duplicated (as freshly decoded
    copies, like a retried push), cut into partitions that arrive one after another."""
    stream = list(ops)
    stream += [decode_json(encode_json(o)) for o in rng.sample(ops, rng.randint(0, len(ops)))]
    rng.shuffle(stream)
    cuts = sorted(rng.sample(range(len(stream) + 1), min(3, len(stream) + 1)))
    return [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]


def _replica(world: World, batches: list[list[Op]], rng: random.Random) -> Replica:
    """A replica that reads between partitions, sometimes one op at a time, and whose own
    horizon starts behind and catches up (a device that was offline for a while)."""
    lag = rng.choice((0, 0, 60_000, 3_600_000, 10**9))
    replica = Replica(world.horizon - lag)
    for batch in batches:
        if rng.random() < 0.5:
            replica.apply(batch)
        else:
            for op in batch:
                replica.apply_one(op)
        replica.snapshot()
    replica.set_horizon(world.horizon)
    return replica


@PROPERTY
@given(scripts(), st.randoms(use_true_random=False))
def test_replicas_converge(script: Any, rng: random.Random) -> None:
    """Any delivery order, duplication and partitioning gives the same snapshot, exception
    queue included, as a from-scratch materialisation."""
    world = run(script)
    expected = Replica(world.horizon)
    expected.apply(world.ops)
    want = expected.snapshot_json()
    for _ in range(len(world.devices)):
        replica = _replica(world, _deliveries(world.ops, rng), rng)
        assert replica.snapshot_json() == want
    excs = expected.snapshot()["exceptions"]
    ids = [e["id"] for e in excs]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


@PROPERTY
@given(scripts(), st.randoms(use_true_random=False))
def test_idempotent(script: Any, rng: random.Random) -> None:
    """Re-applying any part of the op set, even as re-decoded copies from either wire
    format, changes nothing."""
    world = run(script)
    replica = Replica(world.horizon)
    replica.apply(world.ops)
    before = replica.snapshot_json()
    again = rng.sample(world.ops, rng.randint(0, len(world.ops)))
    replica.apply(again)
    replica.apply(decode_msgpack(encode_msgpack(o)) for o in again)
    replica.apply(decode_json(encode_json(o)) for o in world.ops)
    assert replica.snapshot_json() == before
    assert len(replica) == len({o.id for o in world.ops})


@PROPERTY
@given(scripts(), st.randoms(use_true_random=False))
def test_commutative(script: Any, rng: random.Random) -> None:
    """Two replicas that saw different (overlapping) partitions agree once they exchange:
    A then B equals B then A equals everything at once."""
    world = run(script)
    a = [o for o in world.ops if rng.random() < 0.6]
    b = [o for o in world.ops if o not in a or rng.random() < 0.3]
    r1, r2 = Replica(world.horizon), Replica(world.horizon)
    r1.apply(a)
    r2.apply(b)
    r1.snapshot()
    r2.snapshot()
    r1.apply(b)
    r2.apply(a)
    whole = materialise(list(reversed(world.ops)), world.horizon)
    assert r1.snapshot() == r2.snapshot() == whole


@PROPERTY
@given(scripts(max_steps=40))
def test_hlc_monotonic_under_skew(script: Any) -> None:
    """Every clock only moves forward, even when its wall clock jumps back by a day, so a
    device's ops are stamped in strictly increasing HLC order."""
    world = run(script)
    for d in world.devices:
        stamps = [(h.wall, h.ctr) for h in d.stamps]
        assert all(x < y for x, y in itertools.pairwise(stamps)), d.id
        mine = [(o.wall, o.ctr) for o in world.ops if o.device == d.id]
        assert all(x < y for x, y in itertools.pairwise(mine)), d.id


def _reflected(op: Op, snap: dict[str, Any]) -> bool:
    """The op's effect is visible in the materialised state."""
    p = op.payload
    if op.kind == "sync.release":
        return True  # control: its effect is the absence of its target's clock_skew
    if op.etype == "stock":
        s = snap["stock"].get(op.eid)
        if s is None:
            return False
        if op.kind == "stock.grant":
            return bool(s["granted"].get(p["device"], 0) >= p["qty"])
        if op.kind == "stock.spend":
            return bool(s["spent"].get(op.device, 0) >= p["qty"])
        return True
    o = snap["orders"].get(op.eid)
    if o is None:
        return False
    kind, status = op.kind, o["status"]
    if kind == "order.create":
        return o["lines"] is not None
    if kind in ("order.set_field", "order.set_address"):
        return p.get("field", "address") in o["fields"]
    if kind == "order.cancel":
        return bool(status == "cancelled")
    if kind in ("label.print", "label.void"):
        want = "printed" if kind == "label.print" else "voided"
        return o["labels"].get(p["tracking"]) in (want, "voided")
    events = ("pick.line_picked", "parcel.scan_out", "delivery.confirm")
    if kind in events and op.id not in o["events"]:
        return False
    if status == "cancelled":
        return True  # an accepted forward op is absorbed by the terminal state
    if kind == "pick.line_picked":
        return bool(o["picked"].get(p["sku"], 0) >= p["qty"])
    if kind == "status.advance":
        return RANK[status] >= RANK[p["to"]]
    if kind == "parcel.scan_out":
        return RANK[status] >= RANK["shipped"]
    if kind == "delivery.confirm":
        return bool(status == "delivered")
    return True  # hold / release: an LWW write, visible in history


def _released(ops: list[Op], horizon: int) -> set[str]:
    """Ids a valid sync.release takes effect on: one within the horizon always does, a
    future one only once it is released itself (releases chain, in any delivery order)."""
    releases = {o.id: o for o in ops if o.kind == "sync.release" and problem(o) is None}
    released: set[str] = set()
    todo = [o for o in releases.values() if o.wall <= horizon]
    while todo:
        target = todo.pop().eid
        if target not in released:
            released.add(target)
            if target in releases and releases[target].wall > horizon:
                todo.append(releases[target])
    return released


@PROPERTY
@given(scripts(), st.randoms(use_true_random=False))
def test_no_op_lost(script: Any, rng: random.Random) -> None:
    """Every op is reflected in the state or named in an exception: exactly the invalid
    ones are invalid_op, exactly the unreleased future ones clock_skew, and an op that
    lost its id to a different op (a restored backup) is a fact of id_collision."""
    world = run(script)
    ops = list(world.ops)
    rng.shuffle(ops)
    replica = Replica(world.horizon)
    replica.apply(ops)
    snap = replica.snapshot()
    event(f"ops: {len(ops) // 5 * 5}+")
    named: dict[str, set[str]] = {}
    for e in snap["exceptions"]:
        event(f"exception: {e['kind']}")
        for f in e["facts"]:
            named.setdefault(f["op"], set()).add(e["kind"])
    kept = []
    for op in ops:
        if encode_json(replica.op(op.id) or op) == encode_json(op):
            kept.append(op)
        else:
            assert "id_collision" in named[op.id], op  # lost its id: kept as a fact
    released = _released(kept, world.horizon)
    for op in kept:
        invalid = problem(op) is not None
        assert ("invalid_op" in named.get(op.id, ())) == invalid, op
        future = not invalid and op.wall > world.horizon and op.id not in released
        assert ("clock_skew" in named.get(op.id, ())) == future, op
        assert op.id in named or _reflected(op, snap), op
