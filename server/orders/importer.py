"""Land order drafts as `order.create` ops: idempotent by platform order number, row errors.

An order already known (same platform and number) is left alone and reported as existing;
changes to it go through customer service, with a flagged note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from server.orders import repo
from server.orders.drafts import Draft, RowError

if TYPE_CHECKING:
    from server.orders.services import OrdersService


@dataclass
class Outcome:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


async def land(
    service: OrdersService,
    warehouse: int,
    actor: str,
    drafts: Sequence[Draft],
    errors: Sequence[RowError],
) -> Outcome:
    out = Outcome(errors=list(errors))
    known = await repo.skus([s for d in drafts for s in d.lines])
    async with service.lock:
        # Order numbers are unique per warehouse: another warehouse's X is no business of
        # this one, so this warehouse's X is simply new here (no existence oracle, no squat).
        owned = await repo.existing_orders(warehouse, [d.eid for d in drafts if not d.failed])
        ops = []
        received = service.now().isoformat()
        for d in drafts:
            if not d.failed:
                _check(d, known, out)
            if d.failed:
                out.failed.append(d.eid)
                continue
            if d.eid in owned:
                out.existing.append(d.eid)
                continue
            fields = dict(d.fields)
            fields["needs_crate"] = any(known[s].needs_crate for s in d.lines)
            fields["received_at"] = received
            payload = {"lines": dict(sorted(d.lines.items())), "fields": fields}
            ops.append(service.op("order.create", d.eid, payload, actor))
            out.created.append(d.eid)
        await service.push(ops, warehouse)
    out.errors.sort(key=lambda e: (e.row is None, e.row or 0))
    return out


def _check(d: Draft, known: dict[str, repo.SkuInfo], out: Outcome) -> None:
    for sku, row in d.sku_rows.items():
        if sku not in known:
            out.errors.append(RowError(row, d.order_no, f"unknown SKU {sku}"))
            d.failed = True
