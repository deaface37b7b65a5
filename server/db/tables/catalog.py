"""What the warehouse holds and where: SKUs, bins and stock per bin."""

from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.constraints import Unique
from piccolo.table import Table

from server.db.tables.identity import Warehouse


class Sku(Table, tablename="sku"):
    id = Serial(primary_key=True)
    barcode = Varchar(length=32, unique=True)
    name_zh = Varchar(length=200)
    name_en = Varchar(length=200)
    spec = Varchar(length=100, default="")
    # 抽检标志: pickers must open and verify SKUs without it before packing.
    spot_checked = Boolean(default=False)
    # 木箱: orders containing it go to the crate packer.
    needs_crate = Boolean(default=False)
    created_at = Timestamptz()


class Location(Table, tablename="location"):
    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict)
    code = Varchar(length=32)
    zone = Varchar(length=16, default="")
    # Pick lists are printed in walking order, not alphabetical order.
    walk_order = Integer(default=0)

    unique_code = Unique(["warehouse", "code"])


class Stock(Table, tablename="stock"):
    id = Serial(primary_key=True)
    sku = ForeignKey(Sku, null=False, on_delete=OnDelete.restrict)
    location = ForeignKey(Location, null=False, on_delete=OnDelete.restrict, index=True)
    quantity = Integer(default=0)

    unique_sku_location = Unique(["sku", "location"])
