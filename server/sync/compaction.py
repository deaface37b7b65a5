"""Keep the op log bounded without breaking live cursors (rules in docs/sync-server.md).

- Only orders in a terminal state (delivered, cancelled) are compacted, and only when
  their last op is older than the retention period; open work is never touched.
- Their ops, and releases naming those ops, are deleted; the state row and exception
  records stay. Ops arriving later for such an order are rejected (`compacted`), so an op
  re-pushed after its original was deleted cannot be taken for new.
- The log's newest op is never deleted: SQLite hands out max(seq) + 1, and a deleted head
  would let new ops reuse a seq that a device's cursor already passed.
- `compacted_through_seq` records the highest deleted seq. A pull from a cursor below it
  might have missed a deletion, so it answers 410 and the device bootstraps again; every
  device that synced since is unaffected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from server.db import Conn, Connector, chunks, fetch_in, member, oplog
from server.sync.reader import COMPACTED_THROUGH
from sync.rules import TERMINAL  # what compaction may archive: nothing moves an order out

__all__ = ["TERMINAL", "Compacted", "compact"]


@dataclass(frozen=True, slots=True)
class Compacted:
    orders: int  # orders whose ops were deleted
    deleted: int  # ops deleted
    through: int  # compacted_through_seq afterwards


async def compact(
    connector: Connector, retention: timedelta, now: datetime | None = None
) -> Compacted:
    """Delete the ops of orders finished longer than `retention` ago."""
    cutoff = (now or datetime.now(UTC)) - retention
    async with connector.write() as conn:
        await oplog.lock_log(conn)
        head = await oplog.max_seq(conn)
        rows = await conn.fetch(
            "SELECT COALESCE(MAX(seq), 0) FROM op_log WHERE received_at < ?", [cutoff]
        )
        old_seq = int(rows[0][0])
        victims = await conn.fetch(
            "SELECT warehouse, eid FROM sync_entity WHERE etype = 'order' AND status IN (?, ?)"
            " AND last_seq <= ? ORDER BY warehouse, eid",
            [*sorted(TERMINAL), old_seq],
        )
        # Order ids are unique per warehouse only: another warehouse's live `taobao:X`
        # keeps its ops when this warehouse's finished `taobao:X` is compacted.
        by_warehouse: dict[int, list[str]] = {}
        for wh, eid in victims:
            by_warehouse.setdefault(int(wh), []).append(str(eid))
        seqs: dict[int, tuple[int, str]] = {}
        for wh, eids in sorted(by_warehouse.items()):
            seqs.update(await _doomed(conn, wh, eids, head))
        for part in chunks(sorted(seqs)):
            clause, args = member(conn, "seq", part)
            await conn.execute(f"DELETE FROM op_log WHERE {clause}", args)
        through = max([await oplog.meta_int(conn, COMPACTED_THROUGH), *seqs.keys()])
        await oplog.set_meta(conn, COMPACTED_THROUGH, str(through))
    return Compacted(orders=len(set(seqs.values())), deleted=len(seqs), through=through)


async def _doomed(conn: Conn, wh: int, eids: list[str], head: int) -> dict[int, tuple[int, str]]:
    """seq -> (warehouse, order) of every op to delete: the orders' ops and releases naming
    them, except for an order that holds the log head (it waits for a later run)."""
    found: dict[int, tuple[int, str]] = {}
    for part in chunks(eids):
        ops = await fetch_in(
            conn,
            "SELECT seq, op_id, entity_id FROM op_log"
            " WHERE warehouse = ? AND entity_type = 'order'",
            [wh],
            "entity_id",
            part,
        )
        owner = {str(r[1]): str(r[2]) for r in ops}
        mine = {int(r[0]): str(r[2]) for r in ops}
        for seq, _op, target in await fetch_in(
            conn,
            "SELECT seq, op_id, entity_id FROM op_log WHERE warehouse = ? AND entity_type = 'sync'",
            [wh],
            "entity_id",
            sorted(owner),
        ):
            mine[int(seq)] = owner[str(target)]
        keep = {eid for seq, eid in mine.items() if seq == head}
        found.update({seq: (wh, eid) for seq, eid in mine.items() if eid not in keep})
    return found
