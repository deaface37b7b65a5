"""The pull's index: op_log (warehouse, seq), replacing op_log (warehouse).

A pull page is `WHERE warehouse = ? AND seq > ? ORDER BY seq LIMIT n`. With only an index
on `warehouse`, PostgreSQL planned it by statistics: on a freshly bulk-loaded log (no
ANALYZE yet) a bitmap scan of all of the warehouse's rows plus a top-N sort, 1,056 ms a
page (bench/FLEET.md, phase 1 of issue 11). The composite index makes the plan an index
range scan whatever the statistics say, on both databases; its prefix serves every query
the single-column index served, so that one goes.

Piccolo cannot declare a composite non-unique index: server/db/tables/oplog.py lists it in
`COMPOSITE_INDEXES`, which the schema test compares with the migrated schema.

Revision ID: 0008
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("op_log_warehouse_seq", "op_log", ["warehouse", "seq"])
    op.drop_index("op_log_warehouse", table_name="op_log")


def downgrade() -> None:
    op.create_index("op_log_warehouse", "op_log", ["warehouse"])
    op.drop_index("op_log_warehouse_seq", table_name="op_log")
