"""Typed errors (raised) and exception records (derived, never raised).

Raising is for inputs that are not ops at all or for validating one op in isolation;
broken business rules between ops are *records* so the state stays a pure function of
the op set and nothing is lost.
"""

from __future__ import annotations

from typing import Any

import msgspec

DUPLICATE_SCAN = "duplicate_scan"
VOIDED_LABEL_SCAN = "voided_label_scan"
ORDER_CANCELLED = "order_cancelled"
CANCEL_AFTER_DELIVERY = "cancel_after_delivery"
ORDER_ON_HOLD = "order_on_hold"
QUANTITY_MISMATCH = "quantity_mismatch"
ESCROW_EXCEEDED = "escrow_exceeded"
CLOCK_SKEW = "clock_skew"
INVALID_OP = "invalid_op"
ID_COLLISION = "id_collision"
WRONG_ITEM = "wrong_item"  # v3: a product the order does not have, in a scan-out
SHIP_FAILED = "ship_failed"  # v3: not scanned out when its carrier's batch left

EXCEPTION_KINDS = (
    DUPLICATE_SCAN,
    VOIDED_LABEL_SCAN,
    ORDER_CANCELLED,
    CANCEL_AFTER_DELIVERY,
    ORDER_ON_HOLD,
    QUANTITY_MISMATCH,
    ESCROW_EXCEEDED,
    CLOCK_SKEW,
    INVALID_OP,
    ID_COLLISION,
    WRONG_ITEM,
    SHIP_FAILED,
)


class SyncError(Exception):
    """Base of every error the sync core raises."""


class DecodeError(SyncError):
    """Bytes that are not a well-formed op; they never enter the op set."""


class InvalidOpError(SyncError):
    """A well-formed op whose kind, entity type or payload is wrong."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(f"{reason}: {message}" if message else reason)
        self.reason = reason


class ClockSkewError(SyncError):
    """A remote timestamp further ahead than the allowed drift."""

    def __init__(self, wall: int, limit: int) -> None:
        super().__init__(f"remote wall {wall} is {wall - limit} ms beyond limit {limit}")
        self.wall = wall
        self.limit = limit


class Fact(msgspec.Struct, frozen=True):
    """One side of an exception: who did what, where and when (device time)."""

    op: str
    kind: str
    device: str
    actor: str
    wall: int


class ExceptionRecord(msgspec.Struct, frozen=True):
    """A broken rule. `id` is derived from the ops involved so queues can deduplicate."""

    id: str
    kind: str
    etype: str
    eid: str
    facts: tuple[Fact, ...]
    detail: dict[str, Any]


def record_id(kind: str, op_ids: tuple[str, ...]) -> str:
    return kind + ":" + "|".join(op_ids)
