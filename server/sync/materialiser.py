"""Re-fold the entities a push touched, with the sync core, inside the push transaction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import msgspec

from server.sync import store
from server.sync.conn import Conn
from sync import MAX_DRIFT_MS, Replica, decode_json


def horizon_at(now: datetime) -> int:
    return int(now.timestamp() * 1000) + MAX_DRIFT_MS


async def refold(
    conn: Conn, etype: str, eid: str, warehouse: int, seq: int, now: datetime
) -> list[dict[str, Any]]:
    """Rewrite one entity's state row and its exceptions; returns newly derived exceptions."""
    replica = Replica(horizon_at(now))
    replica.apply(decode_json(raw) for raw in await store.entity_ops(conn, etype, eid))
    snapshot = replica.snapshot()
    bucket = snapshot["orders"] if etype == "order" else snapshot["stock"]
    state = bucket.get(eid, {})
    status = str(state.get("status", "")) if isinstance(state, dict) else ""
    await conn.execute(
        store.UPSERT_ENTITY,
        [warehouse, etype, eid, json.dumps(state, ensure_ascii=False, sort_keys=True), status, seq],
    )
    records = replica.exceptions()
    current = {r.id for r in records}
    stale = await store.unresolved_exceptions(conn, etype, eid)
    await store.resolve_exceptions(conn, sorted(stale - current), now)
    rows = [
        (r.id, warehouse, r.kind, r.etype, r.eid, msgspec.json.encode(r).decode(), seq, now)
        for r in records
        if r.id not in stale
    ]
    await conn.executemany(store.INSERT_EXCEPTION, rows)
    return [msgspec.to_builtins(r) for r in records if r.id not in stale]
