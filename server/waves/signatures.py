"""Signatures for a wave read from the op log: a picker who signed offline by scanning the
list barcode wrote one `pick.sign` op per order of the wave (protocol v3); grouped by signer,
they are rows of the handoff sheet 订单交接表 next to the ones signed online.
"""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from server.db.tables import OpLog, Wave, WaveOrder
from server.waves.schemas import HandoffOut

_BATCH = 500  # eids per IN (...): well under SQLite's variable limit


async def signed_by_ops(wave_id: int, code: str) -> list[HandoffOut]:
    """One row per signer: the wave's orders they signed for, and when they first signed."""
    wave = await Wave.select(Wave.warehouse, Wave.started_by).where(Wave.id == wave_id).first()
    if wave is None:
        return []
    in_wave = await WaveOrder.select(WaveOrder.eid).where(WaveOrder.wave == wave_id)
    eids = [r["eid"] for r in in_wave]
    found: dict[str, tuple[set[str], int, str]] = {}  # actor -> (orders, first wall, document)
    for i in range(0, len(eids), _BATCH):
        rows = await OpLog.select(OpLog.actor, OpLog.entity_id, OpLog.wall, OpLog.op_json).where(
            OpLog.warehouse == wave["warehouse"],
            OpLog.kind == "pick.sign",
            OpLog.entity_type == "order",
            OpLog.entity_id.is_in(eids[i : i + _BATCH]),
        )
        for r in rows:
            payload = msgspec.json.decode(r["op_json"]).get("payload", {})
            if payload.get("wave") != code:
                continue
            orders, first, doc = found.get(r["actor"], (set(), r["wall"], ""))
            orders.add(r["entity_id"])
            if r["wall"] <= first:
                first, doc = r["wall"], str(payload.get("document") or doc)
            found[r["actor"]] = (orders, first, doc)
    return [
        HandoffOut(
            wave=code,
            document=doc or f"PK-{code}",
            handed_by=wave["started_by"],
            received_by=actor,
            order_count=len(orders),
            signed_at=datetime.fromtimestamp(first / 1000, UTC),
        )
        for actor, (orders, first, doc) in found.items()
    ]
