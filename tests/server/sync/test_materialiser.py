"""Folds cached between pushes stay exact: other processes' ops, out-of-order arrivals,
releases, failed transactions and eviction all give what a fold from scratch gives."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from support.auth import Device

from server.sync.materialiser import horizon_at
from server.sync.services import SyncService
from sync import Op, Replica, decode_json

SH01 = 1
DAY_MS = 86_400_000


async def assert_exact(svc: SyncService, eids: list[str]) -> dict[str, Any]:
    """State rows and open exceptions equal a fold of the whole log from scratch."""
    async with svc.connector.read() as conn:
        log = await conn.fetch("SELECT op_json FROM op_log")
        states = await conn.fetch(
            "SELECT eid, state FROM sync_entity WHERE etype = 'order' ORDER BY eid"
        )
        open_ = await conn.fetch(
            "SELECT eid, exception_id FROM sync_exception WHERE resolved_at IS NULL"
        )
    replica = Replica(horizon_at(datetime.now(UTC)))
    replica.apply(decode_json(r[0]) for r in log)
    snap = replica.snapshot()
    stored = {r[0]: json.loads(r[1]) for r in states if r[0] in eids}
    assert stored == {e: snap["orders"][e] for e in eids if e in snap["orders"]}
    derived = {(x["eid"], x["id"]) for x in snap["exceptions"] if x["eid"] in eids}
    assert {(r[0], r[1]) for r in open_ if r[0] in eids} == derived
    return {e: snap["orders"].get(e) for e in eids}


async def test_cached_folds_match_a_fresh_fold(pair: tuple[SyncService, SyncService]) -> None:
    one, two = pair
    a, b = Device("T-A", {}, "M001"), Device("T-B", {}, "M001")
    x, y = "jd:CACHE-X", "jd:CACHE-Y"
    t = int(time.time() * 1000)
    lines = {"lines": {"6900000000001": 1}}

    async def step(svc: SyncService, *ops: Op) -> dict[str, Any]:
        results, _ = await svc.push(None, list(ops), SH01)
        assert {r.status for r in results} == {"accepted"}
        return await assert_exact(svc, [x, y])

    await step(one, a.op("order.create", x, lines, wall=t), a.op("order.create", y, lines, wall=t))
    await step(two, b.op("label.print", x, {"tracking": "SF1"}, wall=t + 20))
    # An earlier hold arriving late, through the other process: the label becomes blocked.
    hold = a.op("order.hold", x, {"reason": "地址不全"}, wall=t + 15)
    state = await step(one, hold)
    assert state[x]["hold"] is True
    await step(two, b.op("order.release", x, {}, wall=t + 16))
    scan = a.op("parcel.scan_out", x, {"tracking": "SF1", "qty": 1}, wall=t + DAY_MS)
    state = await step(one, scan, a.op("pick.line_picked", y, {"sku": "6900000000001", "qty": 1}))
    assert state[x]["status"] == "printed"  # the scan from a day ahead is quarantined
    state = await step(two, b.op("sync.release", scan.id, {}, etype="sync"))
    assert state[x]["status"] == "shipped"
    state = await step(one, a.op("pick.line_picked", x, {"sku": "6900000000001", "qty": 2}))
    assert state[x]["picked"] == {"6900000000001": 2}


async def test_a_failed_push_leaves_no_trace_in_the_cache(
    pair: tuple[SyncService, SyncService], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, _ = pair
    a = Device("T-F", {}, "M001")
    eid = "jd:ROLLBACK"
    await one.push(None, [a.op("order.create", eid, {"lines": {"690": 3}})], SH01)
    folds = one.ingestor.folds
    refold = folds.refold

    async def refold_then_fail(*args: Any, **kwargs: Any) -> Any:
        await refold(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(folds, "refold", refold_then_fail)
    with pytest.raises(RuntimeError):
        await one.push(None, [a.op("order.cancel", eid, {})], SH01)
    monkeypatch.undo()
    state = await assert_exact(one, [eid])
    assert state[eid]["status"] == "created"
    await one.push(None, [a.op("pick.line_picked", eid, {"sku": "690", "qty": 1})], SH01)
    state = await assert_exact(one, [eid])
    assert state[eid]["status"] == "created" and state[eid]["picked"] == {"690": 1}


async def test_eviction_only_costs_a_reload(pair: tuple[SyncService, SyncService]) -> None:
    one, _ = pair
    one.ingestor.folds.capacity = 2
    a = Device("T-E", {}, "M001")
    eids = [f"jd:EVICT-{i}" for i in range(4)]
    await one.push(None, [a.op("order.create", e, {"lines": {"690": 1}}) for e in eids], SH01)
    for e in eids * 2:
        await one.push(None, [a.op("pick.line_picked", e, {"sku": "690", "qty": 1})], SH01)
    state = await assert_exact(one, eids)
    assert all(s["picked"] == {"690": 2} for s in state.values())
