from __future__ import annotations

from server.schemas import Schema


class SkuRow(Schema):
    """One SKU as the core's draw and delisting rules read it (sync/quality.py SkuRow)."""

    sku: str  # WAREHOUSE:BARCODE, the stock entity id of the SKU
    available: int
    shipped: int
    marked: bool


class SkuRows(Schema):
    """The catalogue's side of the inspection list: the phone adds what its ops say
    (sync/quality.py combine_rows) and draws the sample itself, offline too."""

    warehouse: str
    rows: list[SkuRow]


class InspectionRow(Schema):
    op: str
    at: str  # HH:MM in the warehouse's time zone
    sku: str
    result: str
    by: str
    note: str
    receipt: str
    draw: str


class InspectionReport(Schema):
    """检验报告 of a day (or of one receipt that day)."""

    warehouse: str
    day: str
    receipt: str | None
    total: int
    passed: int
    failed: int
    rows: list[InspectionRow]
