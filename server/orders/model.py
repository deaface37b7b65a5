"""A typed read view of one order's materialised sync state (sync_entity.state).

Order fields (what `order.create` writes, docs/order-import.md "Order fields"): platform,
platform_order_no, recipient_name, recipient_phone, province, city, district,
address_detail, carrier, special_request, needs_crate, handwritten_label, received_at, and
optionally buyer_note, seller_note, invoice_title, greeting_card, delivery_window,
line_attributes, flag_note, needs_reprint, wave. The rules that read them (the address rule,
special requests, live labels) live in the core, sync/rules.py; this view only types them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from server.orders.carriers import carrier_of
from server.printing.documents import Carrier
from sync import rules
from sync.rules import ADDRESS_KEYS

__all__ = ["ADDRESS_KEYS", "OrderView", "order_eid"]

REQUEST_KEYS = ("carrier", "invoice_title", "greeting_card", "delivery_window")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def order_eid(platform: str, platform_order_no: str) -> str:
    """The sync entity id of an order: one per platform order number."""
    return f"{platform}:{platform_order_no}"


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True)
class OrderView:
    eid: str
    warehouse: int
    status: str
    hold: bool
    lines: dict[str, int]
    fields: dict[str, Any]
    labels: dict[str, str]

    @classmethod
    def from_row(cls, eid: str, warehouse: int, state: str) -> OrderView:
        data: dict[str, Any] = json.loads(state) if state else {}
        return cls(
            eid=eid,
            warehouse=warehouse,
            status=str(data.get("status", "created")),
            hold=bool(data.get("hold", False)),
            lines=dict(data.get("lines") or {}),
            fields=dict(data.get("fields") or {}),
            labels=dict(data.get("labels") or {}),
        )

    @property
    def address(self) -> dict[str, str]:
        """The recipient and address as staff last set them (rules.address_of)."""
        return rules.address_of(self.fields)

    @property
    def full_address(self) -> str:
        return rules.full_address(self.fields)

    @property
    def carrier(self) -> Carrier:
        return carrier_of(self.fields.get("carrier"))

    @property
    def order_no(self) -> str:
        return _text(self.fields.get("platform_order_no")) or self.eid

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def live_labels(self) -> list[str]:
        return rules.live_labels(self)

    @property
    def printed(self) -> bool:
        return bool(self.labels)

    @property
    def needs_reprint(self) -> bool:
        return self.fields.get("needs_reprint") is True

    @property
    def received_at(self) -> datetime:
        raw = self.fields.get("received_at")
        if isinstance(raw, str):
            try:
                parsed = datetime.fromisoformat(raw)
            except ValueError:
                return EPOCH
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        return EPOCH

    @property
    def requests(self) -> dict[str, str]:
        return {k: _text(self.fields.get(k)) for k in REQUEST_KEYS if self.fields.get(k)}

    @property
    def special_text(self) -> str:
        """Everything the printer must read (rules.special_text)."""
        return rules.special_text(self.fields)

    @property
    def special(self) -> bool:
        """剪角 (rules.is_special)."""
        return rules.is_special(self.fields)

    @property
    def item_count(self) -> int:
        return sum(self.lines.values())
