"""Picking rules 备货 (issue 12): the order a picker walks, what a SKU scan means, which order
a picked unit goes to, the shortage basket 缺货篓 and the stock allowance a device has left.

The pick screen (pwa/src/sync/picking.ts is the twin) and the server's views call these;
tests/vectors/picking.json pins them for both languages. Inputs are plain data: a pick line
as the screen builds it from the wave's orders, an order in snapshot form (§6), a stock
entity in snapshot form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from sync.rules import OPEN

PickVerdict = Literal["ok", "verify", "done", "over", "wrong"]
SpendVerdict = Literal["ok", "exceeded"]


def pick_sequence(lines: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The walk: SKUs with the spot-check mark 抽检标志 first, then the rest; each part in
    bin walking order (walk_order, then location and SKU in code point order)."""
    return sorted(
        lines,
        key=lambda ln: (
            ln.get("spot_checked") is not True,
            ln["walk_order"],
            ln["location"],
            ln["sku"],
        ),
    )


def pick_verdict(line: Mapping[str, Any] | None, qty: int, confirmed: bool) -> PickVerdict:
    """What scanning `qty` units of a SKU means for its line (None: not on this list).

    First reason first: a SKU not on the list is `wrong`; a line already complete is `done`
    (a genuine second scan: "already picked"); more than the line still needs is `over`; a
    SKU without the spot-check mark needs "opened and verified" before it counts (`verify`,
    unless the line was verified before or the picker `confirmed` it now); else `ok`."""
    if line is None:
        return "wrong"
    need, picked = int(line["need"]), int(line["picked"])
    if picked >= need:
        return "done"
    if picked + qty > need:
        return "over"
    if line.get("spot_checked") is not True and not (line.get("verified") is True or confirmed):
        return "verify"
    return "ok"


def next_order(sku: str, orders: Sequence[Mapping[str, Any]]) -> str | None:
    """The order a picked unit of `sku` goes to: the first, in the wave's slot order, whose
    line still needs more than was picked (orders as {eid, lines, picked}); None if none."""
    for o in orders:
        lines = o.get("lines") or {}
        picked = o.get("picked") or {}
        if int(lines.get(sku, 0)) > int(picked.get(sku, 0)):
            return str(o["eid"])
    return None


def in_shortage_basket(order: Mapping[str, Any]) -> bool:
    """缺货篓: an order with an open shortage notice that is still in the warehouse. It leaves
    the basket when the shortage is cleared (qty 0) or the order is cancelled or shipped."""
    return bool(order.get("shortage")) and order.get("status") in OPEN


def shortage_basket(orders: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The basket's order ids, sorted by code point (what customer service works through)."""
    return sorted(eid for eid, o in orders.items() if in_shortage_basket(o))


def allowance_left(stock: Mapping[str, Any] | None, device: str) -> int:
    """Units this device may still take offline: its escrow grant less what it spent."""
    if stock is None:
        return 0
    granted = int((stock.get("granted") or {}).get(device, 0))
    spent = int((stock.get("spent") or {}).get(device, 0))
    return granted - spent


def spend_verdict(stock: Mapping[str, Any] | None, device: str, qty: int) -> SpendVerdict:
    """The escrow law of sync/escrow.py before the spend: within the allowance is `ok`;
    beyond it the fold will raise `escrow_exceeded`, so the screen says so first."""
    return "ok" if qty <= allowance_left(stock, device) else "exceeded"


def allocate_shortage(sku: str, qty: int, orders: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    """Which orders a shortage of `qty` units of `sku` falls on: in slot order, each order's
    units still outstanding (ordered less picked less already reported short) until `qty`
    is placed. Returns [eid, units short in total for that order]: the `qty` of the
    order's `pick.shortage` (LWW per SKU, so it carries the new total, not an increment)."""
    out: list[list[Any]] = []
    left = qty
    for o in orders:
        if left <= 0:
            break
        ordered = int((o.get("lines") or {}).get(sku, 0))
        picked = int((o.get("picked") or {}).get(sku, 0))
        short = int((o.get("shortage") or {}).get(sku, 0))
        open_units = ordered - picked - short
        if open_units <= 0:
            continue
        take = min(left, open_units)
        out.append([str(o["eid"]), short + take])
        left -= take
    return out
