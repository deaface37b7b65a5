"""Customer-service changes 客服改单: each is the order's own op plus a flagged note 红旗备注.

The note (who, what, old value, new value, when) is an `order.set_field flag_note` op in the
same batch, so the op log is its append-only history and every device sees the latest one.
A content change to an order whose label is live marks it `needs_reprint` at once (devices
are poked on commit), and the printer then reprints and voids the old label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from server.orders.model import OrderView
from sync import Op, rules

if TYPE_CHECKING:
    from server.orders.services import OrdersService


class ChangeRefusedError(Exception):
    """The change makes no sense for the order as it is now (a 409 for the client)."""


@dataclass(frozen=True, slots=True)
class Staff:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Change:
    name: str  # address | lines | line_attributes | requests | hold | release | cancel
    ops: list[tuple[str, dict[str, Any]]]  # (kind, payload) of the change itself
    old: Any
    new: Any
    reprint: bool = True  # does a printed label go stale?


def after_print(order: OrderView) -> bool:
    return bool(order.live_labels) and rules.is_open(order)


def build_ops(
    service: OrdersService, order: OrderView, change: Change, by: Staff, note: str
) -> list[Op]:
    if order.cancelled:
        raise ChangeRefusedError(f"order {order.eid} is cancelled")
    printed = after_print(order)
    ops = [service.op(kind, order.eid, payload, by.code) for kind, payload in change.ops]
    flag = {
        "by": by.code,
        "by_name": by.name,
        "at": service.now().isoformat(),
        "change": change.name,
        "old": change.old,
        "new": change.new,
        "note": note,
        "after_print": printed,
    }
    ops.append(
        service.op("order.set_field", order.eid, {"field": "flag_note", "value": flag}, by.code)
    )
    if printed and change.reprint and not order.needs_reprint:
        ops.append(
            service.op(
                "order.set_field", order.eid, {"field": "needs_reprint", "value": True}, by.code
            )
        )
    return ops


async def apply(
    service: OrdersService, order: OrderView, change: Change, by: Staff, note: str
) -> None:
    await service.push(build_ops(service, order, change, by, note), order.warehouse)


def address_change(order: OrderView, new_values: dict[str, str]) -> Change:
    old = order.address
    new = {**old, **new_values}
    if new == old:
        raise ChangeRefusedError("the address is already exactly this")
    return Change("address", [("order.set_address", {"address": new})], old, new)


def lines_change(order: OrderView, lines: dict[str, int]) -> Change:
    if lines == order.lines:
        raise ChangeRefusedError("the order already has exactly these lines")
    # A second order.create is an LWW write of the lines (protocol §6, order fold).
    return Change(
        "lines", [("order.create", {"lines": dict(sorted(lines.items()))})], order.lines, lines
    )


def attributes_change(order: OrderView, attributes: dict[str, dict[str, str]]) -> Change:
    unknown = sorted(set(attributes) - set(order.lines))
    if unknown:
        raise ChangeRefusedError(f"SKU {unknown[0]} is not a line of this order")
    old = order.fields.get("line_attributes") or {}
    new = {**old, **attributes}
    if new == old:
        raise ChangeRefusedError("the line attributes are already exactly these")
    payload = {"field": "line_attributes", "value": new}
    return Change("line_attributes", [("order.set_field", payload)], old, new)


def requests_change(order: OrderView, values: dict[str, str]) -> Change:
    changed = {k: v for k, v in values.items() if order.fields.get(k, "") != v}
    if not changed:
        raise ChangeRefusedError("the special requests are already exactly these")
    ops = [("order.set_field", {"field": k, "value": v}) for k, v in sorted(changed.items())]
    old = {k: order.fields.get(k, "") for k in changed}
    return Change("requests", ops, old, changed)


def hold_change(order: OrderView, hold: bool, reason: str) -> Change:
    if order.hold == hold:
        raise ChangeRefusedError(f"order {order.eid} is {'already' if hold else 'not'} on hold")
    payload = {"reason": reason} if reason else {}
    kind = "order.hold" if hold else "order.release"
    return Change("hold" if hold else "release", [(kind, payload)], order.hold, hold, reprint=False)


def cancel_change(order: OrderView, reason: str) -> Change:
    if order.status == "delivered":  # terminal (protocol v2): a return, not a cancel
        raise ChangeRefusedError(f"order {order.eid} is delivered: it cannot be cancelled")
    payload = {"reason": reason} if reason else {}
    ops: list[tuple[str, dict[str, Any]]] = [("order.cancel", payload)]
    # 原单撕毁: a cancelled order's live labels are voided, so any later scan fails.
    for tracking in order.live_labels:
        ops.append(("label.void", {"tracking": tracking, "reason": "订单已取消 order cancelled"}))
    return Change("cancel", ops, order.status, "cancelled", reprint=False)
