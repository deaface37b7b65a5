"""Which orders a wave prints: printable and received before the cutoff. Pure, so testable.

What "printable", "on the documents" and "may its label print" mean is the core's rule
(sync/rules.py, the same on the phone); this module only applies it to the server's views.
Never printed: held (特殊标记) or cancelled orders, orders already labelled, and orders that
arrived at or after the cutoff (they belong to the next wave).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from server.orders.model import OrderView
from sync import rules

# What a 409 says for each of the core's refusals ("order X is ...").
_REFUSALS: dict[rules.LabelRefusal, str] = {
    "hold": "on hold",
    "cancelled": "cancelled",
    "shipped": "already shipped",
    "needs_reprint": "waiting for a reprint",
    "no_live_label": "without a live label",
}


def slot_key(order: OrderView) -> tuple[datetime, str]:
    """Slot order: oldest first, so a missed order from an earlier day leads the wave.

    pwa/src/print/docs.ts slotKey is its twin (the print view numbers slots offline).
    """
    return (order.received_at, order.eid)


def select_for_wave(orders: Iterable[OrderView], cut: datetime) -> list[OrderView]:
    """The wave's orders, in slot order."""
    chosen = (o for o in orders if rules.printable(o) and o.received_at < cut)
    return sorted(chosen, key=slot_key)


def on_documents(orders: Iterable[OrderView]) -> list[OrderView]:
    """What a wave's lists show (rules.on_documents)."""
    return [o for o in orders if rules.on_documents(o)]


def label_refusal(order: OrderView) -> str | None:
    """Why its live label may not (re)print now, in words, or None if it may."""
    why = rules.label_refusal(order)
    return None if why is None else _REFUSALS[why]


def label_printable(order: OrderView) -> bool:
    """May its live label (re)print now? Held, cancelled, shipped and stale labels never do."""
    return rules.label_refusal(order) is None
