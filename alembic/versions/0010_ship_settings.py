"""Per-warehouse shipping settings: the crate packer's handoff slots (木箱交接时间) and the
promotion mode that skips the packing slip (促销期间不放发货单).

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from alembic import op

revision: str = "0010"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


class _SqliteTimestamptz(UserDefinedType[Any]):
    """TIMESTAMPTZ on SQLite too (see 0002): Piccolo converts values by declared type."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "TIMESTAMPTZ"


def upgrade() -> None:
    ts = sa.TIMESTAMP(timezone=True).with_variant(_SqliteTimestamptz(), "sqlite")
    op.create_table(
        "ship_settings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "warehouse",
            sa.Integer,
            sa.ForeignKey("warehouse.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("crate_slots", sa.String(64), nullable=False),
        sa.Column("promotion", sa.Boolean, nullable=False),
        sa.Column("updated_by", sa.String(32), nullable=False),
        sa.Column("updated_at", ts, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ship_settings")
