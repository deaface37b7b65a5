"""msgspec Structs at the waves edge."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec

from server.orders.schemas import LabelOut
from server.schemas import Schema

Slot = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Note = Annotated[str, msgspec.Meta(max_length=500)]


class WaveStartIn(Schema):
    """A scheduled wave (slot, optionally of an earlier day) or, with no slot, on demand."""

    slot: Slot | None = None
    day: date | None = None


class WaveOut(Schema):
    code: str
    name: str
    day: str
    slot: str | None
    cutoff: datetime
    started_at: datetime
    started_by: str
    order_count: int
    special_count: int
    pick_list: str
    sort_list: str


class WaveOrderOut(Schema):
    slot_no: int
    eid: str
    order_no: str
    tracking: str
    special: bool
    hold: bool
    cancelled: bool
    needs_reprint: bool


class WaveDetail(Schema):
    wave: WaveOut
    orders: list[WaveOrderOut]


class SlotOut(Schema):
    slot: str
    cutoff: datetime
    due: bool
    wave: str | None


class ScheduleOut(Schema):
    timezone: str
    times: list[str]
    today: str
    slots: list[SlotOut]
    pending: int  # printable orders not in any wave yet


class ScheduleIn(Schema):
    times: Annotated[list[Slot], msgspec.Meta(min_length=1, max_length=8)]


class HandoffIn(Schema):
    document: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class HandoffOut(Schema):
    wave: str
    document: str
    handed_by: str
    received_by: str
    order_count: int
    signed_at: datetime


class SkuRef(Schema):
    """What a device needs besides the orders to print lists offline: name, spec, pick bin.

    location/walk_order are None for a SKU with no stock here (printed as 未上架, last).
    """

    barcode: str
    name: str
    spec: str
    spot_checked: bool
    location: str | None
    walk_order: int | None


class PrintRefsOut(Schema):
    """Reference data for the offline print view: every SKU of this warehouse's open orders."""

    warehouse: str
    timezone: str
    skus: list[SkuRef]


class ReprintIn(Schema):
    reason: Note = ""


class VoidIn(Schema):
    tracking: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    reason: Note = ""


class LabelsOut(Schema):
    eid: str
    tracking: str | None
    labels: list[LabelOut]


class WorkLogEntry(Schema):
    """工作记录: one person's day."""

    person: str
    day: str
    waves: int
    wave_orders: int
    labels_printed: int
    reprints: int
    voids: int
    handoffs_signed: int
    order_changes: int
