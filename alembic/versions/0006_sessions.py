"""Session history per device (who signed in on which device, from which op counter and
clock, until when) for binding every pushed op to a person; and atomic try counters for
sign-in and enrolment throttles.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


class _SqliteTimestamptz(UserDefinedType[Any]):
    """TIMESTAMPTZ on SQLite too (see 0002): Piccolo converts values by declared type."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "TIMESTAMPTZ"


def timestamptz() -> sa.types.TypeEngine[Any]:
    return sa.TIMESTAMP(timezone=True).with_variant(_SqliteTimestamptz(), "sqlite")


def _big() -> sa.types.TypeEngine[int]:
    # Piccolo's BigInt is INTEGER on SQLite (which is 64-bit there anyway).
    return sa.BigInteger().with_variant(sa.Integer, "sqlite")


def _fk(name: str, target: str, ondelete: str, nullable: bool = False) -> sa.Column[int]:
    fk = sa.ForeignKey(f"{target}.id", ondelete=ondelete)
    return sa.Column(name, sa.Integer, fk, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "device_session",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _fk("device", "device", "CASCADE"),
        _fk("user", "app_user", "CASCADE"),
        _fk("session", "user_session", "SET NULL", nullable=True),
        sa.Column("started_at", timestamptz(), nullable=False),
        sa.Column("expires_at", timestamptz(), nullable=False),
        sa.Column("start_seq", _big(), nullable=False),
        sa.Column("start_wall", _big(), nullable=True),
        sa.Column("end_seq", _big(), nullable=True),
        sa.Column("ended_at", timestamptz(), nullable=True),
        sa.Column("end_reason", sa.String(16), nullable=True),
    )
    op.create_index("device_session_device", "device_session", ["device"])
    op.create_index("device_session_user", "device_session", ["user"])
    op.create_index("device_session_session", "device_session", ["session"])
    op.create_table(
        "auth_throttle",
        sa.Column("key", sa.String(150), primary_key=True),
        sa.Column("window_ms", _big(), nullable=False),
        sa.Column("tries", sa.Integer, nullable=False),
    )
    # Replaced by auth_throttle: counting failures after the fact let parallel guesses
    # all pass the check before any was counted.
    op.drop_table("login_failure")


def downgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(150), nullable=False),
        sa.Column("at", timestamptz(), nullable=False),
    )
    op.create_index("login_failure_key", "login_failure", ["key"])
    op.create_index("login_failure_at", "login_failure", ["at"])
    op.drop_table("auth_throttle")
    op.drop_table("device_session")
