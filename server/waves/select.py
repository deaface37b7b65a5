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


def select_for_wave(orders: Iterable[OrderView], cut: datetime) -> list[OrderView]:
    """In slot order: oldest first, so a missed order from an earlier day leads the wave."""
    chosen = [o for o in orders if printable(o) and o.received_at < cut]
    chosen.sort(key=lambda o: (o.received_at, o.eid))
    return chosen


def label_printable(order: OrderView) -> bool:
    """May its live label (re)print now? Held, cancelled and stale labels never print."""
    return (
        not order.hold
        and not order.cancelled
        and bool(order.live_labels)
        and not order.needs_reprint
    )
