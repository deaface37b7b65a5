from __future__ import annotations

import pytest

from sync.errors import ClockSkewError
from sync.hlc import MAX_DRIFT_MS, Clock, Hlc, horizon_for, system_ms


def test_monotonic_under_random_wall_jumps() -> None:
    walls = iter([5, 3, 9, 9, 1, 100, 50, 50])
    clock = Clock("A", lambda: next(walls))
    stamps = [clock.now() for _ in range(8)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 8


def test_receive_then_now_orders_after_remote() -> None:
    clock = Clock("A", lambda: 10)
    remote = Hlc(200, 7, "B")
    assert clock.receive(remote) > remote
    assert clock.now() > remote


def test_skew_refused_and_clock_unchanged() -> None:
    clock = Clock("A", lambda: 1000, max_drift_ms=10)
    before = clock.now()
    with pytest.raises(ClockSkewError) as info:
        clock.receive(Hlc(1011, 0, "B"))
    assert info.value.limit == 1010
    assert clock.last == before


def test_restore_from_persisted_last() -> None:
    clock = Clock("A", lambda: 0, last=Hlc(500, 2, "A"))
    assert clock.now() == Hlc(500, 3, "A")


def test_defaults() -> None:
    assert MAX_DRIFT_MS == 300_000
    assert horizon_for(1000) == 301_000
    assert system_ms() > 1_600_000_000_000
