"""msgspec Structs at the orders edge: unknown fields are rejected, sizes are bounded."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from server.schemas import Schema

Short = Annotated[str, msgspec.Meta(max_length=100)]
Text = Annotated[str, msgspec.Meta(max_length=500)]
Platform = Literal["taobao", "tmall", "jd", "pdd", "douyin", "other"]


class OrderLineIn(Schema):
    sku: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
    qty: Annotated[int, msgspec.Meta(ge=1, le=100_000)]


class OrderIn(Schema):
    platform: Platform
    platform_order_no: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    recipient_name: Short
    recipient_phone: Annotated[str, msgspec.Meta(max_length=32)]
    province: Annotated[str, msgspec.Meta(max_length=50)]
    city: Annotated[str, msgspec.Meta(max_length=50)]
    district: Annotated[str, msgspec.Meta(max_length=50)]
    address_detail: Text
    lines: Annotated[list[OrderLineIn], msgspec.Meta(min_length=1, max_length=500)]
    carrier: Short = ""
    buyer_note: Text = ""
    seller_note: Text = ""
    invoice_title: Annotated[str, msgspec.Meta(max_length=200)] = ""
    greeting_card: Text = ""
    delivery_window: Short = ""
    handwritten_label: bool = False


class OrderCreated(Schema):
    eid: str
    status: Literal["created", "existing"]


class RowErrorOut(Schema):
    row: int | None
    order_no: str
    message: str


class ImportOut(Schema):
    import_id: int
    layout: str
    rows: int
    created: int
    existing: int
    failed: int
    created_orders: list[str]
    errors: list[RowErrorOut]
    errors_csv: str | None


class NoteOut(Schema):
    """红旗备注: who changed what, from which value to which, and when."""

    op_id: str
    by: str
    at: datetime
    change: str
    old: Any
    new: Any
    note: str
    after_print: bool


class LabelOut(Schema):
    version: int
    tracking: str
    status: Literal["printed", "voided"]
    printed_by: str
    printed_at: datetime
    voided_by: str | None = None
    voided_at: datetime | None = None
    void_reason: str | None = None


class OrderOut(Schema):
    eid: str
    platform: str
    order_no: str
    status: str
    hold: bool
    needs_reprint: bool
    special: bool
    carrier: str
    address: dict[str, str]
    lines: dict[str, int]
    line_attributes: dict[str, Any]
    requests: dict[str, str]
    special_request: str
    received_at: datetime
    labels: dict[str, str]
    flag_note: Any


Note = Annotated[str, msgspec.Meta(max_length=500)]


class AddressIn(Schema):
    """Only the keys given change; the rest of the address stays as it was."""

    recipient_name: Short | None = None
    recipient_phone: Annotated[str, msgspec.Meta(max_length=32)] | None = None
    province: Annotated[str, msgspec.Meta(max_length=50)] | None = None
    city: Annotated[str, msgspec.Meta(max_length=50)] | None = None
    district: Annotated[str, msgspec.Meta(max_length=50)] | None = None
    address_detail: Text | None = None
    note: Note = ""


class LinesIn(Schema):
    lines: Annotated[list[OrderLineIn], msgspec.Meta(min_length=1, max_length=500)]
    note: Note = ""


AttrName = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class LineAttributesIn(Schema):
    """Per-SKU attributes (e.g. {"6901234567890": {"colour": "暖白", "engraving": "李"}})."""

    attributes: Annotated[
        dict[str, dict[AttrName, Short]], msgspec.Meta(min_length=1, max_length=100)
    ]
    note: Note = ""


class RequestsIn(Schema):
    """Special requests; an empty string clears one, a missing key leaves it alone."""

    carrier: Short | None = None
    invoice_title: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    greeting_card: Text | None = None
    delivery_window: Short | None = None
    note: Note = ""


class ReasonIn(Schema):
    reason: Note = ""


class ChangeOut(Schema):
    eid: str
    change: str
    needs_reprint: bool
    order: OrderOut
