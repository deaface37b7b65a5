"""The append-only op log every device's changes land in (filled by the sync service)."""

from __future__ import annotations

from piccolo.columns import BigInt, BigSerial, ForeignKey, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from server.db.tables.identity import Warehouse


class OpLog(Table, tablename="op_log"):
    # The server's own arrival order; pull cursors are positions in it.
    seq = BigSerial(primary_key=True)
    # Globally unique "device:counter"; the unique index is what makes push exactly-once.
    op_id = Varchar(length=100, unique=True)
    device_id = Varchar(length=64, index=True)
    counter = BigInt()
    hlc = Varchar(length=40)
    actor = Varchar(length=256)
    # Indexed with seq (COMPOSITE_INDEXES): a pull reads a warehouse's rows in seq order.
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict)
    entity_type = Varchar(length=64)
    entity_id = Varchar(length=256, index=True)
    kind = Varchar(length=64)
    # HLC parts, so the server can apply the clock-skew horizon without decoding.
    wall = BigInt()
    ctr = BigInt()
    # The op exactly as sent, in canonical JSON: re-encoding it gives the same bytes.
    op_json = Text()
    received_at = Timestamptz()


# Non-unique indexes over several columns, which Piccolo cannot declare (alembic 0008):
# table -> column tuples. tests/support/schema_shape.py compares them with the migrations.
COMPOSITE_INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "op_log": (("warehouse", "seq"),),
}
