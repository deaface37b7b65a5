"""Office records: order imports, wave schedules, waves and their orders, handoff sheets.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
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


def _fk(name: str, table: str, ondelete: str = "RESTRICT", unique: bool = False) -> sa.Column[int]:
    fk = sa.ForeignKey(f"{table}.id", ondelete=ondelete)
    return sa.Column(name, sa.Integer, fk, nullable=False, unique=unique)


def upgrade() -> None:
    op.create_table(
        "order_import",
        _id(),
        _fk("warehouse", "warehouse"),
        sa.Column("filename", varchar(255), nullable=False),
        sa.Column("layout", varchar(16), nullable=False),
        sa.Column("imported_by", varchar(32), nullable=False),
        sa.Column("imported_at", timestamptz(), nullable=False),
        sa.Column("row_count", sa.Integer, nullable=False),
        sa.Column("created", sa.Integer, nullable=False),
        sa.Column("existing", sa.Integer, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False),
        sa.Column("errors", sa.Text, nullable=False),
    )
    op.create_index("order_import_warehouse", "order_import", ["warehouse"])
    op.create_table(
        "wave_schedule",
        _id(),
        _fk("warehouse", "warehouse", "CASCADE", unique=True),
        sa.Column("times", varchar(64), nullable=False),
        sa.Column("updated_by", varchar(32), nullable=False),
        sa.Column("updated_at", timestamptz(), nullable=False),
    )
    op.create_table(
        "wave",
        _id(),
        _fk("warehouse", "warehouse"),
        sa.Column("code", varchar(48), nullable=False, unique=True),
        sa.Column("day", varchar(10), nullable=False),
        sa.Column("slot", varchar(8), nullable=False),
        sa.Column("cutoff", timestamptz(), nullable=False),
        sa.Column("started_at", timestamptz(), nullable=False),
        sa.Column("started_by", varchar(32), nullable=False),
        sa.Column("order_count", sa.Integer, nullable=False),
        sa.Column("special_count", sa.Integer, nullable=False),
    )
    op.create_index("wave_warehouse", "wave", ["warehouse"])
    op.create_table(
        "wave_order",
        _id(),
        _fk("wave", "wave", "CASCADE"),
        sa.Column("eid", varchar(256), nullable=False, unique=True),
        sa.Column("slot_no", sa.Integer, nullable=False),
        sa.Column("tracking", varchar(40), nullable=False),
    )
    op.create_index("wave_order_wave", "wave_order", ["wave"])
    op.create_table(
        "handoff",
        _id(),
        _fk("warehouse", "warehouse"),
        _fk("wave", "wave"),
        sa.Column("document", varchar(64), nullable=False),
        sa.Column("handed_by", varchar(32), nullable=False),
        sa.Column("received_by", varchar(32), nullable=False),
        sa.Column("order_count", sa.Integer, nullable=False),
        sa.Column("signed_at", timestamptz(), nullable=False),
        sa.Column("device_id", varchar(64), nullable=False),
        sa.UniqueConstraint("wave", "received_by", name="handoff_unique_signature"),
    )
    op.create_index("handoff_warehouse", "handoff", ["warehouse"])
    op.create_index("handoff_wave", "handoff", ["wave"])


def downgrade() -> None:
    for table in ("handoff", "wave_order", "wave", "wave_schedule", "order_import"):
        op.drop_table(table)
