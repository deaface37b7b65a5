"""Order state -> the JSON the office screens show."""

from __future__ import annotations

from server.orders.carriers import STORED
from server.orders.model import OrderView
from server.orders.schemas import OrderOut
from sync import privacy


def order_out(order: OrderView, full_phone: bool = True) -> OrderOut:
    """`full_phone=False` masks the recipient's number (sync/privacy.py decides who)."""
    address = order.address
    if not full_phone and isinstance(address.get(privacy.PHONE), str):
        address = {**address, privacy.PHONE: privacy.mask_phone(address[privacy.PHONE])}
    attrs = order.fields.get("line_attributes")
    return OrderOut(
        eid=order.eid,
        platform=str(order.fields.get("platform", "")),
        order_no=order.order_no,
        status=order.status,
        hold=order.hold,
        needs_reprint=order.needs_reprint,
        special=order.special,
        carrier=STORED[order.carrier],
        address=address,
        lines=order.lines,
        line_attributes=attrs if isinstance(attrs, dict) else {},
        requests=order.requests,
        special_request=str(order.fields.get("special_request", "")),
        received_at=order.received_at,
        labels=order.labels,
        flag_note=order.fields.get("flag_note"),
    )
