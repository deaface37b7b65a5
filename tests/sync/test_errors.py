from __future__ import annotations

from sync.errors import (
    EXCEPTION_KINDS,
    ClockSkewError,
    DecodeError,
    InvalidOpError,
    SyncError,
    record_id,
)


def test_hierarchy_and_ids() -> None:
    assert issubclass(DecodeError, SyncError)
    assert str(InvalidOpError("bad_payload", "x")) == "bad_payload: x"
    assert ClockSkewError(15, 10).wall == 15
    assert record_id("duplicate_scan", ("A:1", "B:2")) == "duplicate_scan:A:1|B:2"
    assert len(EXCEPTION_KINDS) == 12  # v2 added cancel_after_delivery, v3 wrong_item, ship_failed
