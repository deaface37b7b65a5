"""Replica paths the vectors cannot express: a moving horizon, lookups, re-folds."""

from __future__ import annotations

from typing import Any

import pytest

from sync import Op, Replica, materialise

T = 1_700_000_000_000


def op(device: str, seq: int, dt: int, kind: str, eid: str, **payload: Any) -> Op:
    etype = {"stock": "stock", "sync": "sync"}.get(kind.split(".")[0], "order")
    return Op(device, seq, T + dt, 0, f"u-{device}", kind, etype, eid, payload)


def test_moving_horizon_admits_a_released_op_once() -> None:
    """Regression: when the horizon passes both a release and its (future) target, the
    release admits the target; the target must not then be admitted a second time."""
    fut = op("F", 1, 400_000, "parcel.scan_out", "O-9", tracking="SF9")
    rel = op("O", 1, 350_000, "sync.release", fut.id)
    replica = Replica(T + 300_000)
    replica.apply([rel, fut])
    assert [e.id for e in replica.exceptions()] == ["clock_skew:F:1", "clock_skew:O:1"]
    replica.set_horizon(T + 500_000)
    assert replica.snapshot() == materialise([fut, rel])
    assert replica.snapshot()["orders"]["O-9"]["events"] == ["F:1"]
    replica.set_horizon(T)  # backwards: a rebuild quarantines both again
    assert replica.snapshot() == materialise([fut, rel], T)


def test_lookup_and_count_by_op_id() -> None:
    big = op("A", 2**40, 5, "order.hold", "O-1")
    replica = Replica()
    replica.apply([op("A", 1, 0, "order.create", "O-1", lines={"S": 1}), big, big])
    assert len(replica) == 2
    assert replica.op(f"A:{2**40}") is big
    assert replica.op("B:1") is None
    assert replica.op("nonsense") is None


def test_out_of_order_arrival_refolds_one_entity() -> None:
    create = op("CS", 1, 0, "order.create", "O-1", lines={"S": 1})
    late_hold = op("CS", 2, 5, "order.hold", "O-1")
    scan = op("A", 1, 10, "parcel.scan_out", "O-1", tracking="SF1")
    replica = Replica()
    replica.apply([create, scan])
    assert replica.snapshot()["orders"]["O-1"]["status"] == "shipped"
    replica.apply_one(late_hold)  # sorts before the scan: the order is re-folded
    snap = replica.snapshot()
    assert snap["orders"]["O-1"]["status"] == "created"
    assert [e["kind"] for e in snap["exceptions"]] == ["order_on_hold"]
    assert snap == materialise([scan, late_hold, create])


def test_input_error_midway_keeps_what_was_applied() -> None:
    """apply() counts and folds the ops it took before its input raised."""

    def ops() -> Any:
        yield op("CS", 1, 0, "order.create", "O-1", lines={"S": 1})
        raise ValueError("feed broke")

    replica = Replica()
    with pytest.raises(ValueError):
        replica.apply(ops())
    assert len(replica) == 1
    assert replica.snapshot()["orders"]["O-1"]["lines"] == {"S": 1}


def test_same_millisecond_ops_fold_by_full_order_key() -> None:
    """Ops of one entity sharing a wall are ordered by ctr, device, seq (not arrival)."""
    create = op("CS", 1, 0, "order.create", "O-1", lines={"S": 1})
    hold = op("B", 1, 5, "order.hold", "O-1")
    scan = op("A", 1, 5, "parcel.scan_out", "O-1", tracking="SF1")  # same wall, A < B
    for order in ([create, hold, scan], [scan, hold, create]):
        snap = materialise(order)
        assert snap["orders"]["O-1"]["status"] == "shipped"  # the scan came first
        assert snap["exceptions"] == []
