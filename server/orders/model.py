"""A typed read view of one order's materialised sync state (sync_entity.state).

Order fields (what `order.create` writes, docs/order-import.md "Order fields"): platform,
platform_order_no, recipient_name, recipient_phone, province, city, district,
address_detail, carrier, special_request, needs_crate, handwritten_label, received_at, and
optionally buyer_note, seller_note, invoice_title, greeting_card, delivery_window,
line_attributes, flag_note, needs_reprint, wave. `order.set_address` writes `address`, a map
with the six recipient/address keys, which wins over the separate fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from server.orders.carriers import carrier_of
from server.printing.documents import Carrier

ADDRESS_KEYS = (
    "recipient_name",
    "recipient_phone",
    "province",
    "city",
    "district",
    "address_detail",
)
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
        """The recipient and address as staff last set them (kept exactly as given)."""
        base = {k: _text(self.fields.get(k)) for k in ADDRESS_KEYS}
        override = self.fields.get("address")
        if isinstance(override, dict):
            base.update({k: _text(override.get(k)) for k in ADDRESS_KEYS if k in override})
        return base

    @property
    def full_address(self) -> str:
        a = self.address
        return f"{a['province']}{a['city']}{a['district']}{a['address_detail']}"

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
        return sorted(t for t, s in self.labels.items() if s == "printed")

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
        """Everything the printer must read: buyer requests, card text, invoice, window."""
        parts = [_text(self.fields.get("special_request"))]
        for key, label in (
            ("greeting_card", "贺卡"),
            ("invoice_title", "发票抬头"),
            ("delivery_window", "送货时间"),
        ):
            value = _text(self.fields.get(key))
            if value:
                parts.append(f"{label}：{value}")
        return "；".join(p for p in parts if p)

    @property
    def special(self) -> bool:
        """剪角: crate items, a handwritten label or any special request."""
        return (
            self.fields.get("needs_crate") is True
            or self.fields.get("handwritten_label") is True
            or bool(self.special_text)
        )

    @property
    def item_count(self) -> int:
        return sum(self.lines.values())
