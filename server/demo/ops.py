"""Express the demo orders as ops, so phones bootstrap them like any other synced data."""

from __future__ import annotations

from typing import Any

from server.db.tables import Warehouse
from server.demo.builder import DemoData, DemoOrder
from server.orders.model import ADDRESS_KEYS, order_eid
from server.sync.author import ServerAuthor
from server.sync.services import SyncService
from sync import Op

FIELDS = ("platform", "platform_order_no", *ADDRESS_KEYS, "carrier", "special_request")


def order_ops(author: ServerAuthor, order: DemoOrder, crate: set[str]) -> list[Op]:
    eid = order_eid(order.platform, order.platform_order_no)
    fields: dict[str, Any] = {f: getattr(order, f) for f in FIELDS}
    fields["needs_crate"] = any(b in crate for b, _ in order.lines)
    fields["handwritten_label"] = order.handwritten_label
    fields["received_at"] = order.received_at.isoformat()
    ops = [author.op("order.create", "order", eid, {"lines": dict(order.lines), "fields": fields})]
    if order.on_hold:
        ops.append(author.op("order.hold", "order", eid, {"reason": order.hold_reason}))
    if order.tracking_no:
        ops.append(author.op("label.print", "order", eid, {"tracking": order.tracking_no}))
    if order.status == "shipped":
        assert order.tracking_no is not None
        ops.append(author.op("parcel.scan_out", "order", eid, {"tracking": order.tracking_no}))
    return ops


async def publish_demo_ops(service: SyncService, data: DemoData, batch: int = 300) -> int:
    author = ServerAuthor()
    crate = {s.barcode for s in data.skus if s.needs_crate}
    wh = {r["code"]: r["id"] for r in await Warehouse.select(Warehouse.code, Warehouse.id).run()}
    count = 0
    for code in sorted({o.warehouse for o in data.orders}):
        ops = [op for o in data.orders if o.warehouse == code for op in order_ops(author, o, crate)]
        for i in range(0, len(ops), batch):
            await service.push(None, ops[i : i + batch], wh[code])
        count += len(ops)
    return count
