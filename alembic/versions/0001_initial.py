"""Initial schema: identity, catalog, orders, parcels and the op log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from alembic import op

revision: str = "0001"
down_revision: str | None = None
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


def _fk(name: str, target: str, ondelete: str = "RESTRICT") -> sa.Column[int]:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(f"{target}.id", ondelete=ondelete), nullable=False
    )


def _index(table: str, *columns: str) -> None:
    op.create_index(f"{table}_{'_'.join(columns)}", table, list(columns))


def upgrade() -> None:
    op.create_table(
        "warehouse",
        _id(),
        sa.Column("code", varchar(32), nullable=False, unique=True),
        sa.Column("name", varchar(200), nullable=False),
        sa.Column("timezone", varchar(64), nullable=False),
        sa.Column("created_at", timestamptz(), nullable=False),
    )
    op.create_table(
        "app_user",
        _id(),
        _fk("warehouse", "warehouse"),
        sa.Column("employee_code", varchar(32), nullable=False, unique=True),
        sa.Column("name", varchar(100), nullable=False),
        sa.Column("roles", varchar(200), nullable=False),
        sa.Column("pin_hash", varchar(255), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", timestamptz(), nullable=False),
    )
    _index("app_user", "warehouse")
    op.create_table(
        "device",
        _id(),
        _fk("warehouse", "warehouse"),
        sa.Column("device_id", varchar(64), nullable=False, unique=True),
        sa.Column("label", varchar(100), nullable=False),
        sa.Column("token_hash", varchar(128), nullable=True),
        sa.Column("enrolled_at", timestamptz(), nullable=False),
        sa.Column("revoked_at", timestamptz(), nullable=True),
        sa.Column("last_seen_at", timestamptz(), nullable=True),
    )
    _index("device", "warehouse")
    _index("device", "token_hash")
    op.create_table(
        "sku",
        _id(),
        sa.Column("barcode", varchar(32), nullable=False, unique=True),
        sa.Column("name_zh", varchar(200), nullable=False),
        sa.Column("name_en", varchar(200), nullable=False),
        sa.Column("spec", varchar(100), nullable=False),
        sa.Column("spot_checked", sa.Boolean, nullable=False),
        sa.Column("needs_crate", sa.Boolean, nullable=False),
        sa.Column("created_at", timestamptz(), nullable=False),
    )
    op.create_table(
        "location",
        _id(),
        _fk("warehouse", "warehouse"),
        sa.Column("code", varchar(32), nullable=False),
        sa.Column("zone", varchar(16), nullable=False),
        sa.Column("walk_order", sa.Integer, nullable=False),
        sa.UniqueConstraint("warehouse", "code", name="location_unique_code"),
    )
    op.create_table(
        "stock",
        _id(),
        _fk("sku", "sku"),
        _fk("location", "location"),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.UniqueConstraint("sku", "location", name="stock_unique_sku_location"),
    )
    _index("stock", "location")
    op.create_table(
        "sales_order",
        _id(),
        _fk("warehouse", "warehouse"),
        sa.Column("platform", varchar(20), nullable=False),
        sa.Column("platform_order_no", varchar(64), nullable=False),
        sa.Column("recipient_name", varchar(100), nullable=False),
        sa.Column("recipient_phone", varchar(32), nullable=False),
        sa.Column("province", varchar(50), nullable=False),
        sa.Column("city", varchar(50), nullable=False),
        sa.Column("district", varchar(50), nullable=False),
        sa.Column("address_detail", sa.Text, nullable=False),
        sa.Column("carrier", varchar(32), nullable=False),
        sa.Column("status", varchar(20), nullable=False),
        sa.Column("on_hold", sa.Boolean, nullable=False),
        sa.Column("hold_reason", sa.Text, nullable=False),
        sa.Column("special_request", sa.Text, nullable=False),
        sa.Column("needs_crate", sa.Boolean, nullable=False),
        sa.Column("handwritten_label", sa.Boolean, nullable=False),
        sa.Column("received_at", timestamptz(), nullable=False),
        sa.Column("updated_at", timestamptz(), nullable=False),
        sa.UniqueConstraint(
            "platform", "platform_order_no", name="sales_order_unique_platform_order"
        ),
    )
    _index("sales_order", "warehouse")
    _index("sales_order", "status")
    _index("sales_order", "received_at")
    op.create_table(
        "order_line",
        _id(),
        _fk("order", "sales_order", ondelete="CASCADE"),
        _fk("sku", "sku"),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("picked_quantity", sa.Integer, nullable=False),
    )
    _index("order_line", "order")
    op.create_table(
        "parcel",
        _id(),
        _fk("order", "sales_order"),
        sa.Column("tracking_no", varchar(40), nullable=False, unique=True),
        sa.Column("carrier", varchar(32), nullable=False),
        sa.Column("label_version", sa.Integer, nullable=False),
        sa.Column("status", varchar(20), nullable=False),
        sa.Column("voided_at", timestamptz(), nullable=True),
        sa.Column("created_at", timestamptz(), nullable=False),
    )
    _index("parcel", "order")
    op.create_table(
        "op_log",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer, "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("op_id", varchar(100), nullable=False, unique=True),
        sa.Column("device_id", varchar(64), nullable=False),
        sa.Column("counter", sa.BigInteger().with_variant(sa.Integer, "sqlite"), nullable=False),
        sa.Column("hlc", varchar(40), nullable=False),
        sa.Column("actor", varchar(64), nullable=False),
        _fk("warehouse", "warehouse"),
        sa.Column("entity_type", varchar(32), nullable=False),
        sa.Column("entity_id", varchar(100), nullable=False),
        sa.Column("kind", varchar(48), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("received_at", timestamptz(), nullable=False),
    )
    _index("op_log", "device_id")
    _index("op_log", "warehouse")
    _index("op_log", "entity_id")


def downgrade() -> None:
    for table in (
        "op_log",
        "parcel",
        "order_line",
        "sales_order",
        "stock",
        "location",
        "sku",
        "device",
        "app_user",
        "warehouse",
    ):
        op.drop_table(table)
