"""Access: warehouse membership, enrolment codes, user sessions, login throttling.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
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


def _fk(name: str, target: str, ondelete: str, nullable: bool = False) -> sa.Column[int]:
    fk = sa.ForeignKey(f"{target}.id", ondelete=ondelete)
    return sa.Column(name, sa.Integer, fk, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "user_warehouse",
        _id(),
        _fk("user", "app_user", "CASCADE"),
        _fk("warehouse", "warehouse", "CASCADE"),
        sa.UniqueConstraint("user", "warehouse", name="user_warehouse_unique_membership"),
    )
    op.create_index("user_warehouse_warehouse", "user_warehouse", ["warehouse"])
    op.create_table(
        "enrollment_code",
        _id(),
        sa.Column("code_hash", varchar(64), nullable=False, unique=True),
        _fk("warehouse", "warehouse", "CASCADE"),
        sa.Column("label", varchar(100), nullable=False),
        sa.Column("created_by", varchar(32), nullable=False),
        sa.Column("expires_at", timestamptz(), nullable=False),
        sa.Column("used_at", timestamptz(), nullable=True),
        _fk("device", "device", "SET NULL", nullable=True),
    )
    op.create_table(
        "user_session",
        _id(),
        sa.Column("token_hash", varchar(64), nullable=False, unique=True),
        _fk("user", "app_user", "CASCADE"),
        _fk("device", "device", "CASCADE"),
        sa.Column("created_at", timestamptz(), nullable=False),
        sa.Column("expires_at", timestamptz(), nullable=False),
        sa.Column("ended_at", timestamptz(), nullable=True),
    )
    op.create_index("user_session_user", "user_session", ["user"])
    op.create_index("user_session_device", "user_session", ["device"])
    op.create_table(
        "login_failure",
        _id(),
        sa.Column("key", varchar(150), nullable=False),
        sa.Column("at", timestamptz(), nullable=False),
    )
    op.create_index("login_failure_key", "login_failure", ["key"])
    op.create_index("login_failure_at", "login_failure", ["at"])
    # Existing users belong to their home warehouse.
    op.execute('INSERT INTO user_warehouse ("user", warehouse) SELECT id, warehouse FROM app_user')


def downgrade() -> None:
    for table in ("login_failure", "user_session", "enrollment_code", "user_warehouse"):
        op.drop_table(table)
