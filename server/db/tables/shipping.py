"""Per-warehouse shipping settings (migration 0010)."""

from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from server.db.tables.identity import Warehouse


class ShipSettings(Table, tablename="ship_settings"):
    """Crate handoff slots (local HH:MM, comma separated) and promotion mode; absent =
    09:30,14:30,16:30 and off. A manager sets them; phones read them from the overview."""

    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.cascade, unique=True)
    crate_slots = Varchar(length=64)
    promotion = Boolean(default=False)
    updated_by = Varchar(length=32)
    updated_at = Timestamptz()
