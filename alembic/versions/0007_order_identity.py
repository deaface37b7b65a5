"""Order identity is per warehouse: an order number is unique within a warehouse, not
across all of them, so a warehouse that imports a number first cannot squat (or learn
about) another warehouse's order with the same number.

- sales_order: unique (warehouse, platform, platform_order_no), was (platform, ...);
- sync_entity: unique (warehouse, etype, eid), was (etype, eid): the upserts' conflict
  target changes with it;
- courier_route: unique (warehouse, eid), was eid;
- wave_order: gains `warehouse` (filled from its wave), unique (warehouse, eid), was eid.

SQLite cannot drop a table constraint in place: batch mode rebuilds those tables (the
copy keeps every row). The unnamed single-column constraints get a name from the naming
convention so batch mode can drop them; PostgreSQL named them `<table>_eid_key`.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


class _SqliteTimestamptz(UserDefinedType[Any]):
    """TIMESTAMPTZ, as 0004 declares it: SQLite reflects the type name as NUMERIC, and a
    rebuilt table must keep the name Piccolo converts values by."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "TIMESTAMPTZ"


# Columns a rebuild must not let reflection retype.
_TIMESTAMPS = {
    "sales_order": ("received_at", "updated_at"),
    "courier_route": ("assigned_at",),
}

# Batch mode (SQLite) names reflected unnamed unique constraints with this convention.
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _inline_unique(table: str, column: str) -> str:
    """The name of a `unique=True` column's constraint, as this dialect knows it."""
    if op.get_bind().dialect.name == "sqlite":
        return f"uq_{table}_{column}"
    return f"{table}_{column}_key"


def _swap_unique(table: str, old: str, new: str, columns: list[str]) -> None:
    keep = [
        sa.Column(
            name,
            sa.TIMESTAMP(timezone=True).with_variant(_SqliteTimestamptz(), "sqlite"),
            nullable=False,
        )
        for name in _TIMESTAMPS.get(table, ())
    ]
    with op.batch_alter_table(table, naming_convention=_NAMING, reflect_args=keep) as batch:
        batch.drop_constraint(old, type_="unique")
        batch.create_unique_constraint(new, columns)


def upgrade() -> None:
    with op.batch_alter_table("wave_order", naming_convention=_NAMING) as batch:
        batch.add_column(sa.Column("warehouse", sa.Integer, nullable=True))
    op.execute(
        "UPDATE wave_order SET warehouse = (SELECT wave.warehouse FROM wave"
        " WHERE wave.id = wave_order.wave)"
    )
    with op.batch_alter_table("wave_order", naming_convention=_NAMING) as batch:
        batch.alter_column("warehouse", existing_type=sa.Integer, nullable=False)
        batch.create_foreign_key(
            "wave_order_warehouse_fkey", "warehouse", ["warehouse"], ["id"], ondelete="RESTRICT"
        )
        batch.drop_constraint(_inline_unique("wave_order", "eid"), type_="unique")
        batch.create_unique_constraint("wave_order_unique_warehouse_eid", ["warehouse", "eid"])
    _swap_unique(
        "sales_order",
        "sales_order_unique_platform_order",
        "sales_order_unique_warehouse_order",
        ["warehouse", "platform", "platform_order_no"],
    )
    _swap_unique(
        "sync_entity",
        "sync_entity_unique_entity",
        "sync_entity_unique_warehouse_entity",
        ["warehouse", "etype", "eid"],
    )
    _swap_unique(
        "courier_route",
        _inline_unique("courier_route", "eid"),
        "courier_route_unique_warehouse_eid",
        ["warehouse", "eid"],
    )


def downgrade() -> None:
    """Back to global identity; fails (rightly) once two warehouses hold the same number."""
    _swap_unique(
        "courier_route",
        "courier_route_unique_warehouse_eid",
        _inline_unique("courier_route", "eid"),
        ["eid"],
    )
    _swap_unique(
        "sync_entity",
        "sync_entity_unique_warehouse_entity",
        "sync_entity_unique_entity",
        ["etype", "eid"],
    )
    _swap_unique(
        "sales_order",
        "sales_order_unique_warehouse_order",
        "sales_order_unique_platform_order",
        ["platform", "platform_order_no"],
    )
    with op.batch_alter_table("wave_order", naming_convention=_NAMING) as batch:
        batch.drop_constraint("wave_order_unique_warehouse_eid", type_="unique")
        batch.create_unique_constraint(_inline_unique("wave_order", "eid"), ["eid"])
        batch.drop_constraint("wave_order_warehouse_fkey", type_="foreignkey")
        batch.drop_column("warehouse")
