"""Which orders a wave prints: printable and received before the cutoff. Pure, so testable.

Never printed: held (特殊标记) or cancelled orders, orders already labelled, and orders that
arrived at or after the cutoff (they belong to the next wave).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from server.orders.model import OrderView


def printable(order: OrderView) -> bool:
    return order.status == "created" and not order.hold and not order.cancelled and not order.labels


def slot_key(order: OrderView) -> tuple[datetime, str]:
    """Slot order: oldest first, so a missed order from an earlier day leads the wave.

    pwa/src/print/docs.ts slotKey is its twin (the print view numbers slots offline).
    """
    return (order.received_at, order.eid)


def select_for_wave(orders: Iterable[OrderView], cut: datetime) -> list[OrderView]:
    """The wave's orders, in slot order."""
    return sorted((o for o in orders if printable(o) and o.received_at < cut), key=slot_key)


def on_documents(orders: Iterable[OrderView]) -> list[OrderView]:
    """What a wave's lists show: a held or cancelled order is never printed, whatever wave."""
    return [o for o in orders if not o.hold and not o.cancelled]


def label_refusal(order: OrderView) -> str | None:
    """Why its live label may not (re)print now, or None if it may."""
    if order.hold:
        return "on hold"
    if order.cancelled:
        return "cancelled"
    if order.needs_reprint:
        return "waiting for a reprint"
    if not order.live_labels:
        return "without a live label"
    return None


def label_printable(order: OrderView) -> bool:
    """May its live label (re)print now? Held, cancelled and stale labels never print."""
    return label_refusal(order) is None
