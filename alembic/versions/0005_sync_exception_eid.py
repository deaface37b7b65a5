"""Index sync_exception on eid: a push looks up the open exceptions of the entities it
touched (`etype = ? AND eid IN (...) AND resolved_at IS NULL`), which was a scan of every
record ever raised.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("sync_exception_eid", "sync_exception", ["eid"])


def downgrade() -> None:
    op.drop_index("sync_exception_eid", table_name="sync_exception")
