from __future__ import annotations

from server.schemas import Schema


class WarehouseInfo(Schema):
    code: str
    name: str
    timezone: str
    # "HH:MM" in `timezone`, sorted: the data the core's next_slot rule reads on the phone
    wave_times: list[str]
    crate_handoffs: list[str]
    # the warehouse's shipping settings (server/shipping) and its UTC offset now, in minutes,
    # which the core's crate_due rule reads on the phone
    promotion: bool = False
    utc_offset_min: int = 480


class CarrierCount(Schema):
    carrier: str  # '' when the order names none (a screen shows '—')
    count: int


class OrderCounts(Schema):
    total: int
    printable: int
    held: int
    special: int
    crate: int
    printed: int
    shipped: int
    to_ship: int
    by_carrier: list[CarrierCount]


class Overview(Schema):
    warehouse: WarehouseInfo
    date: str
    orders: OrderCounts
    skus: int
    low_stock: int
