"""The order printer's and customer service's records: imports, wave schedules, waves, handoffs.

Order state itself lives in the op log (sync_entity); these tables only say which orders a
wave printed, who signed for it and what an import reported.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.constraints import Unique
from piccolo.table import Table

from server.db.tables.identity import Warehouse


class OrderImport(Table, tablename="order_import"):
    """One upload of a platform export, with its row-by-row errors (JSON)."""

    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    filename = Varchar(length=255)
    layout = Varchar(length=16)
    imported_by = Varchar(length=32)
    imported_at = Timestamptz()
    row_count = Integer(default=0)
    created = Integer(default=0)
    existing = Integer(default=0)
    failed = Integer(default=0)
    errors = Text(default="[]")


class WaveSchedule(Table, tablename="wave_schedule"):
    """A warehouse's wave times (local, HH:MM, comma separated); absent = 08:00,12:00,16:00."""

    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.cascade, unique=True)
    times = Varchar(length=64)
    updated_by = Varchar(length=32)
    updated_at = Timestamptz()


class Wave(Table, tablename="wave"):
    """打单批次: every printable order received before `cutoff`, printed together."""

    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    code = Varchar(length=48, unique=True)
    day = Varchar(length=10)  # local date of the cutoff, YYYY-MM-DD
    slot = Varchar(length=8)  # "16:00", or "" for a wave started on demand
    cutoff = Timestamptz()
    started_at = Timestamptz()
    started_by = Varchar(length=32)
    order_count = Integer(default=0)
    special_count = Integer(default=0)


class WaveOrder(Table, tablename="wave_order"):
    """An order is printed in one wave only: the unique (warehouse, eid) guards against
    double printing; order numbers are unique per warehouse only (alembic 0007)."""

    id = Serial(primary_key=True)
    wave = ForeignKey(Wave, null=False, on_delete=OnDelete.cascade, index=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict)
    eid = Varchar(length=256)
    slot_no = Integer()
    tracking = Varchar(length=40)

    unique_warehouse_eid = Unique(["warehouse", "eid"])


class Handoff(Table, tablename="handoff"):
    """订单交接表: who handed which wave's lists to whom, when, and how many orders."""

    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    wave = ForeignKey(Wave, null=False, on_delete=OnDelete.restrict, index=True)
    document = Varchar(length=64)
    handed_by = Varchar(length=32)
    received_by = Varchar(length=32)
    order_count = Integer()
    signed_at = Timestamptz()
    device_id = Varchar(length=64)

    unique_signature = Unique(["wave", "received_by"])
