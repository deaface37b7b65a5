"""The fold cache is bounded in bytes as well as entries, its estimate follows what a fold
really holds, and its figures are reported."""

from __future__ import annotations

import tracemalloc

from support.auth import Device

from server.sync.materialiser import ENTRY_BYTES, OP_BYTES, Materialiser, _Folded, _weight
from server.sync.services import SyncService
from sync import Replica

from .test_materialiser import SH01, assert_exact


def _measured(ops_per_order: int, orders: int = 200) -> float:
    """Bytes per cached order fold, by tracemalloc, for orders with this many ops."""
    dev = Device("T-MEM", {}, "M001")
    ops = []
    for i in range(orders):
        eid = f"jd:MEM-{i}"
        ops.append(dev.op("order.create", eid, {"lines": {"6900000000001": 2}}))
        ops.append(dev.op("label.print", eid, {"tracking": f"SF{i:08d}"}))
        ops += [
            dev.op("parcel.scan_out", eid, {"tracking": f"SF{i:08d}", "qty": 1})
            for _ in range(ops_per_order - 2)
        ]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        folds = []
        for i in range(orders):
            replica = Replica(None)
            for op in ops[i * ops_per_order : (i + 1) * ops_per_order]:
                replica.apply_one(op)
            replica.snapshot()
            folds.append(_Folded(replica))
        used = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert all(_weight(f) == ENTRY_BYTES + OP_BYTES * ops_per_order for f in folds)
    return used / orders


def test_the_estimate_is_within_a_factor_of_two_of_the_real_size() -> None:
    # The ops themselves are shared with the request that decoded them or the log read;
    # a fold's own structures are what the budget counts.
    for n in (2, 3, 7):
        real = _measured(n)
        estimate = ENTRY_BYTES + OP_BYTES * n
        assert real / 2 <= estimate <= real * 2, (n, real, estimate)


async def test_the_cache_keeps_to_its_byte_budget(pair: tuple[SyncService, SyncService]) -> None:
    one, _ = pair
    folds = one.ingestor.folds = Materialiser(max_bytes=10 * ENTRY_BYTES)
    a = Device("T-BUD", {}, "M001")
    eids = [f"jd:BUDGET-{i}" for i in range(30)]
    for chunk in range(0, 30, 5):
        part = eids[chunk : chunk + 5]
        await one.push(None, [a.op("order.create", e, {"lines": {"690": 3}}) for e in part], SH01)
        figures = folds.figures()
        assert figures["bytes"] <= figures["max_bytes"]
    for e in eids:
        await one.push(None, [a.op("pick.line_picked", e, {"sku": "690", "qty": 1})], SH01)
        assert folds.figures()["bytes"] <= 10 * ENTRY_BYTES
    figures = folds.figures()
    assert 0 < figures["entries"] < 10 and figures["misses"] >= 30
    state = await assert_exact(one, eids)  # evicted folds are rebuilt from the log, exactly
    assert all(s["picked"] == {"690": 1} for s in state.values())
