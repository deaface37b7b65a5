"""Orders as the platforms sent them, their lines and the parcels they ship in."""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.constraints import Unique
from piccolo.table import Table

from server.db.tables.catalog import Sku
from server.db.tables.identity import Warehouse


class SalesOrder(Table, tablename="sales_order"):
    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    platform = Varchar(length=20)
    platform_order_no = Varchar(length=64)
    recipient_name = Varchar(length=100)
    recipient_phone = Varchar(length=32)
    # Chinese addresses are kept exactly as given: province / city / district / detail.
    province = Varchar(length=50)
    city = Varchar(length=50)
    district = Varchar(length=50)
    address_detail = Text()
    carrier = Varchar(length=32)
    status = Varchar(length=20, default="created", index=True)
    # 不能发货的特殊标记: a held order is never printed.
    on_hold = Boolean(default=False)
    hold_reason = Text(default="")
    special_request = Text(default="")
    needs_crate = Boolean(default=False)
    handwritten_label = Boolean(default=False)
    received_at = Timestamptz(index=True)
    updated_at = Timestamptz()

    # Per warehouse (alembic 0007): another warehouse's number is no business of this one.
    unique_warehouse_order = Unique(["warehouse", "platform", "platform_order_no"])


class OrderLine(Table, tablename="order_line"):
    id = Serial(primary_key=True)
    order = ForeignKey(SalesOrder, null=False, on_delete=OnDelete.cascade, index=True)
    sku = ForeignKey(Sku, null=False, on_delete=OnDelete.restrict)
    quantity = Integer()
    picked_quantity = Integer(default=0)


class Parcel(Table, tablename="parcel"):
    id = Serial(primary_key=True)
    order = ForeignKey(SalesOrder, null=False, on_delete=OnDelete.restrict, index=True)
    # The tracking number is the label's barcode; a reprint mints a new one.
    tracking_no = Varchar(length=40, unique=True)
    carrier = Varchar(length=32)
    label_version = Integer(default=1)
    status = Varchar(length=20, default="labelled")
    voided_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
