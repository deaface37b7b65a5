"""Print-document inputs: plain frozen structs so a device can print from its last synced state.

All are frozen (a printed document must not drift from its data) and forbid unknown fields
(an unknown field means client and server disagree on the schema).
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated

import msgspec

_TRACKING = re.compile(r"[A-Za-z0-9-]{6,32}")

TrackingNo = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9-]{6,32}$")]
Qty = Annotated[int, msgspec.Meta(ge=1)]


class Carrier(StrEnum):
    SF = "SF"
    ZTO = "ZTO"
    YTO = "YTO"
    YUNDA = "YUNDA"
    EMS = "EMS"

    @property
    def display_zh(self) -> str:
        """The name staff and couriers read on the label header."""
        return _CARRIER_ZH[self]


_CARRIER_ZH = {
    Carrier.SF: "顺丰速运",
    Carrier.ZTO: "中通快递",
    Carrier.YTO: "圆通速递",
    Carrier.YUNDA: "韵达快递",
    Carrier.EMS: "EMS",
}


def mask_phone(phone: str) -> str:
    """Privacy rule for printed labels: keep the first 3 and last 4 digits (138****1234)."""
    digits = phone.strip()
    if len(digits) >= 8:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 3:
        return f"{digits[:1]}{'*' * (len(digits) - 2)}{digits[-1:]}"
    return "*" * len(digits)


class LabelData(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One label 快递单; a reprint gets a higher label_version so the old one can be voided."""

    carrier: Carrier
    tracking_no: TrackingNo
    label_version: Qty
    order_no: str
    recipient_name: str
    recipient_phone: str
    province: str
    city: str
    district: str
    address_detail: str
    sender: str
    item_count: Qty
    printed_at: datetime
    special: bool = False
    special_request: str | None = None

    def __post_init__(self) -> None:
        # Constructors bypass Meta constraints; the barcode and ZPL depend on this one.
        if not _TRACKING.fullmatch(self.tracking_no):
            raise ValueError(f"tracking_no must be 6-32 of [A-Za-z0-9-]: {self.tracking_no!r}")

    @property
    def full_address(self) -> str:
        return f"{self.province}{self.city}{self.district}{self.address_detail}"

    @property
    def qr_payload(self) -> str:
        """What the QR carries: scanners check tracking no, order and version in one read."""
        return f"PL1;{self.tracking_no};{self.order_no};v{self.label_version}"


class PickDemand(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One order line's need at one location: the raw input a pick list is grouped from."""

    order_no: str
    sku_barcode: str
    sku_name: str
    spec: str
    location_code: str
    walk_order: int
    qty: Qty
    spot_checked: bool = True


class PickLine(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    location_code: str
    walk_order: int
    sku_barcode: str
    sku_name: str
    spec: str
    total_qty: int
    order_count: int
    spot_checked: bool = True


class PickList(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """配货单: lines in walking order; the picker signs for it by scanning pick_list_id."""

    pick_list_id: str
    wave_id: str
    wave_name: str
    warehouse: str
    printed_at: datetime
    lines: tuple[PickLine, ...]
    total_qty: int
    total_orders: int


class SortLine(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    sku_barcode: str
    sku_name: str
    spec: str
    qty: Qty


class SortSlot(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    slot_no: int
    order_no: str
    carrier: Carrier
    lines: tuple[SortLine, ...]
    special: bool = False


class SortList(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """二次分拣单: which picked units go into which order slot."""

    sort_list_id: str
    wave_id: str
    wave_name: str
    warehouse: str
    printed_at: datetime
    slots: tuple[SortSlot, ...]


class SlipLine(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    sku_barcode: str
    name: str
    spec: str
    qty: Qty


class PackingSlip(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """发货单 (white copy goes into the parcel); the full phone stays off paper here too."""

    order_no: str
    warehouse: str
    carrier: Carrier
    tracking_no: TrackingNo
    recipient_name: str
    recipient_phone: str
    address: str
    printed_at: datetime
    lines: tuple[SlipLine, ...]
    note: str | None = None


class HandoffEntry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One signature: the picker scanned `document` and took `order_count` orders."""

    document: str
    handed_by: str
    received_by: str
    order_count: int
    signed_at: datetime


class HandoffSheet(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """订单交接表: who handed which wave to whom, when, how many orders, with signature lines.

    The barcode is the pick list's: scanning the sheet signs for the wave like the list does.
    """

    barcode: str
    wave_id: str
    wave_name: str
    warehouse: str
    printed_at: datetime
    handed_by: str
    order_nos: tuple[str, ...]
    handoffs: tuple[HandoffEntry, ...] = ()
