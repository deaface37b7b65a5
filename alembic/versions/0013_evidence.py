"""Couriers and notifications: evidence (photos, signatures), resumable uploads, Web Push
subscriptions, and each warehouse's proof policy and barcode symbologies.

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from alembic import op

revision: str = "0013"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


class _SqliteTimestamptz(UserDefinedType[Any]):
    """TIMESTAMPTZ on SQLite too (Piccolo converts values by the declared type name)."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "TIMESTAMPTZ"


def _ts(name: str, nullable: bool = False) -> sa.Column[Any]:
    kind = sa.TIMESTAMP(timezone=True).with_variant(_SqliteTimestamptz(), "sqlite")
    return sa.Column(name, kind, nullable=nullable)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _fk(name: str, table: str, ondelete: str = "RESTRICT", unique: bool = False) -> sa.Column[int]:
    fk = sa.ForeignKey(f"{table}.id", ondelete=ondelete)
    return sa.Column(name, sa.Integer, fk, nullable=False, unique=unique)


def _s(name: str, length: int, **kw: Any) -> sa.Column[Any]:
    return sa.Column(name, sa.String(length), nullable=False, **kw)


def upgrade() -> None:
    op.create_table(
        "evidence",
        _id(),
        _fk("warehouse", "warehouse"),
        _s("uid", 64),
        _s("kind", 16),
        _s("eid", 256, server_default=""),
        _fk("uploaded_by", "app_user"),
        _s("device_id", 64),
        _s("sha256", 64),
        _s("thumb_sha256", 64),
        _s("mime", 32),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        _ts("captured_at", nullable=True),
        sa.Column("latitude", sa.DOUBLE_PRECISION(), nullable=True),
        sa.Column("longitude", sa.DOUBLE_PRECISION(), nullable=True),
        _ts("created_at"),
        sa.UniqueConstraint("warehouse", "uid", name="evidence_unique_warehouse_uid"),
    )
    op.create_index("evidence_warehouse", "evidence", ["warehouse"])
    op.create_index("evidence_eid", "evidence", ["eid"])
    op.create_table(
        "evidence_upload",
        _id(),
        _fk("warehouse", "warehouse"),
        _s("uid", 64),
        _fk("uploaded_by", "app_user"),
        _s("device_id", 64),
        _s("kind", 16),
        _s("eid", 256, server_default=""),
        sa.Column("size", sa.Integer, nullable=False),
        _s("sha256", 64),
        sa.Column("received", sa.Integer, nullable=False),
        sa.Column("meta", sa.Text, nullable=False, server_default="{}"),
        _ts("created_at"),
        sa.UniqueConstraint("warehouse", "uid", name="evidence_upload_unique_warehouse_upload"),
    )
    op.create_index("evidence_upload_warehouse", "evidence_upload", ["warehouse"])
    op.create_table(
        "push_subscription",
        _id(),
        _fk("warehouse", "warehouse"),
        _fk("user", "app_user", "CASCADE"),
        _s("device_id", 64),
        _s("endpoint", 1024, unique=True),
        _s("p256dh", 200),
        _s("auth", 64),
        _ts("created_at"),
    )
    op.create_index("push_subscription_warehouse", "push_subscription", ["warehouse"])
    op.create_index("push_subscription_user", "push_subscription", ["user"])
    op.create_table(
        "courier_settings",
        _id(),
        _fk("warehouse", "warehouse", "CASCADE", unique=True),
        _s("barcode_formats", 200),
        sa.Column("proof", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("courier_settings", "push_subscription", "evidence_upload", "evidence"):
        op.drop_table(table)
