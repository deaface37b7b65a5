"""Sync service: op log HLC columns, entity state, exceptions, rejections, courier routes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


class _SqliteTimestamptz(UserDefinedType[Any]):
    """TIMESTAMPTZ on SQLite too: Piccolo's SQLite engine converts values by the declared
    type name, so DATETIME would hand Piccolo strings instead of datetimes. Inlined, like
    everything a migration needs, so this file never changes when the code does."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "TIMESTAMPTZ"


def timestamptz() -> sa.types.TypeEngine[Any]:
    return sa.TIMESTAMP(timezone=True).with_variant(_SqliteTimestamptz(), "sqlite")


def varchar(length: int) -> sa.types.TypeEngine[Any]:
    return sa.String(length)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _big() -> sa.types.TypeEngine[int]:
    # Piccolo's BigInt is INTEGER on SQLite (which is 64-bit there anyway).
    return sa.BigInteger().with_variant(sa.Integer, "sqlite")


def _wh(ondelete: str = "RESTRICT") -> sa.Column[int]:
    fk = sa.ForeignKey("warehouse.id", ondelete=ondelete)
    return sa.Column("warehouse", sa.Integer, fk, nullable=False)


def upgrade() -> None:
    # SQLite rebuilds the table in batch mode; declare the types reflection cannot read back.
    reflect = [sa.Column("received_at", timestamptz(), nullable=False)]
    with op.batch_alter_table("op_log", reflect_args=reflect) as batch:
        batch.alter_column("payload", new_column_name="op_json")
        # Widths of the protocol's envelope limits (docs/sync-protocol.md section 1).
        batch.alter_column("actor", type_=varchar(256), existing_nullable=False)
        batch.alter_column("entity_type", type_=varchar(64), existing_nullable=False)
        batch.alter_column("entity_id", type_=varchar(256), existing_nullable=False)
        batch.alter_column("kind", type_=varchar(64), existing_nullable=False)
        batch.add_column(sa.Column("wall", _big(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("ctr", _big(), nullable=False, server_default="0"))
    op.create_table(
        "sync_entity",
        _id(),
        _wh(),
        sa.Column("etype", varchar(32), nullable=False),
        sa.Column("eid", varchar(256), nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("status", varchar(20), nullable=False),
        sa.Column("last_seq", _big(), nullable=False),
        sa.UniqueConstraint("etype", "eid", name="sync_entity_unique_entity"),
    )
    op.create_index("sync_entity_warehouse", "sync_entity", ["warehouse"])
    op.create_index("sync_entity_status", "sync_entity", ["status"])
    op.create_table(
        "sync_exception",
        _id(),
        sa.Column("exception_id", varchar(512), nullable=False, unique=True),
        _wh(),
        sa.Column("kind", varchar(32), nullable=False),
        sa.Column("etype", varchar(32), nullable=False),
        sa.Column("eid", varchar(256), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("first_seq", _big(), nullable=False),
        sa.Column("created_at", timestamptz(), nullable=False),
        sa.Column("resolved_at", timestamptz(), nullable=True),
    )
    op.create_index("sync_exception_warehouse", "sync_exception", ["warehouse"])
    op.create_index("sync_exception_kind", "sync_exception", ["kind"])
    op.create_table(
        "rejected_op",
        _id(),
        sa.Column("op_id", varchar(100), nullable=False),
        sa.Column("device_id", varchar(64), nullable=False),
        _wh(),
        sa.Column("actor", varchar(256), nullable=False),
        sa.Column("reason", varchar(48), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("op_json", sa.Text, nullable=False),
        sa.Column("received_at", timestamptz(), nullable=False),
        sa.UniqueConstraint("op_id", "reason", name="rejected_op_unique_rejection"),
    )
    for column in ("op_id", "device_id", "warehouse"):
        op.create_index(f"rejected_op_{column}", "rejected_op", [column])
    op.create_table(
        "sync_meta",
        _id(),
        sa.Column("key", varchar(64), nullable=False, unique=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "courier_route",
        _id(),
        _wh(),
        sa.Column("eid", varchar(256), nullable=False, unique=True),
        sa.Column(
            "courier", sa.Integer, sa.ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("assigned_at", timestamptz(), nullable=False),
        sa.Column("assigned_seq", _big(), nullable=False),
    )
    op.create_index("courier_route_courier", "courier_route", ["courier"])


def downgrade() -> None:
    for table in ("courier_route", "sync_meta", "rejected_op", "sync_exception", "sync_entity"):
        op.drop_table(table)
    reflect = [sa.Column("received_at", timestamptz(), nullable=False)]
    with op.batch_alter_table("op_log", reflect_args=reflect) as batch:
        batch.drop_column("ctr")
        batch.drop_column("wall")
        batch.alter_column("op_json", new_column_name="payload")
