"""Keep the op log bounded without breaking live cursors.

Rules (docs/sync-protocol.md, "Compaction"):
- Only entities in a terminal state (delivered, cancelled) are compacted, and only when
  their last op is older than the retention period; open work is never touched.
- Their ops (and releases naming them) are deleted; their materialised state row stays.
- `compacted_through_seq` records the highest deleted seq. A pull from a cursor below it
  might have missed a deleted op, so it answers 410 and the device bootstraps again;
  every device that synced since is unaffected.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from server.sync import store
from server.sync.conn import Connector
from server.sync.reader import COMPACTED_THROUGH

TERMINAL = ("delivered", "cancelled")


async def compact(
    connector: Connector, retention: timedelta, now: datetime | None = None
) -> tuple[int, int]:
    """Delete the ops of long-finished entities; returns (ops deleted, compacted-through seq)."""
    cutoff = (now or datetime.now(UTC)) - retention
    async with connector.write() as conn:
        if conn.kind == "postgresql":
            await conn.execute("SELECT pg_advisory_xact_lock(7283001)")
        rows = await conn.fetch(
            "SELECT COALESCE(MAX(seq), 0) FROM op_log WHERE received_at < ?", [cutoff]
        )
        old_seq = int(rows[0][0])
        victims = await conn.fetch(
            "SELECT etype, eid FROM sync_entity WHERE status IN (?, ?) AND last_seq <= ?",
            [*TERMINAL, old_seq],
        )
        deleted, through = 0, await store.meta_int(conn, COMPACTED_THROUGH)
        for etype, eid in victims:
            ids = await conn.fetch(
                "SELECT seq, op_id FROM op_log WHERE entity_type = ? AND entity_id = ?",
                [etype, eid],
            )
            if not ids:
                continue
            op_ids = [r[1] for r in ids]
            for part in store.chunks(op_ids):
                marks = ",".join("?" * len(part))
                released = await conn.fetch(
                    f"SELECT seq FROM op_log WHERE entity_type = 'sync' AND entity_id IN ({marks})",
                    part,
                )
                ids.extend((r[0], "") for r in released)
                await conn.execute(
                    f"DELETE FROM op_log WHERE entity_type = 'sync' AND entity_id IN ({marks})",
                    part,
                )
            await conn.execute(
                "DELETE FROM op_log WHERE entity_type = ? AND entity_id = ?", [etype, eid]
            )
            deleted += len(ids)
            through = max(through, max(int(r[0]) for r in ids))
        await store.set_meta(conn, COMPACTED_THROUGH, str(through))
    return deleted, through
