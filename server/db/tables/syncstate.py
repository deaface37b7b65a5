"""What the sync service derives from the op log: entity state, exceptions, rejections."""

from __future__ import annotations

from piccolo.columns import BigInt, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.constraints import Unique
from piccolo.table import Table

from server.db.tables.identity import AppUser, Warehouse


class SyncEntity(Table, tablename="sync_entity"):
    """The materialised state of one entity, rewritten in the push transaction that changed it."""

    id = Serial(primary_key=True)

    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    etype = Varchar(length=32)
    eid = Varchar(length=256)
    state = Text()
    status = Varchar(length=20, default="", index=True)
    last_seq = BigInt()

    # Per warehouse (alembic 0007): an order number is unique within its warehouse only.
    unique_warehouse_entity = Unique(["warehouse", "etype", "eid"])


class SyncException(Table, tablename="sync_exception"):
    """A broken business rule, kept once per id however often replicas derive it."""

    id = Serial(primary_key=True)

    exception_id = Varchar(length=512, unique=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=32, index=True)
    etype = Varchar(length=32)
    # Pushes look up the open records of the entities they touched (alembic 0005).
    eid = Varchar(length=256, index=True)
    record = Text()
    first_seq = BigInt()
    created_at = Timestamptz()
    resolved_at = Timestamptz(null=True, default=None)


class RejectedOp(Table, tablename="rejected_op"):
    """An op the server would not accept, with why: shown to the office, never dropped."""

    id = Serial(primary_key=True)

    op_id = Varchar(length=100, index=True)
    device_id = Varchar(length=64, index=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    actor = Varchar(length=256, default="")
    reason = Varchar(length=48)
    detail = Text(default="")
    op_json = Text()
    received_at = Timestamptz()

    unique_rejection = Unique(["op_id", "reason"])


class SyncMeta(Table, tablename="sync_meta"):
    id = Serial(primary_key=True)
    key = Varchar(length=64, unique=True)
    value = Text()


class CourierRoute(Table, tablename="courier_route"):
    """Which courier carries which order: a courier's device sees only these."""

    id = Serial(primary_key=True)

    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict)
    eid = Varchar(length=256)
    courier = ForeignKey(AppUser, null=False, on_delete=OnDelete.cascade, index=True)
    assigned_at = Timestamptz()
    # The op-log position at assignment: a courier's pull then includes the order's history.
    assigned_seq = BigInt()

    unique_warehouse_eid = Unique(["warehouse", "eid"])
