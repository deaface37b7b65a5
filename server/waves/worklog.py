"""工作记录: per person, per local day — waves printed, labels, reprints, voids, handoffs.

Counted from the records themselves (wave rows, the op log, handoff rows), so work done
offline on a device counts on the day it was done (op wall time), once it has synced.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta

from server.db.tables import Handoff, OpLog, Wave
from server.waves import schedule
from server.waves.operations import WarehouseInfo
from server.waves.schemas import WorkLogEntry

FIELDS = ("waves", "wave_orders", "labels_printed", "reprints", "voids", "handoffs_signed")


async def _prior_prints(warehouse: int, eids: list[str], before_ms: int) -> Counter[str]:
    prior: Counter[str] = Counter()
    for i in range(0, len(eids), 500):
        rows = await OpLog.select(OpLog.entity_id).where(
            OpLog.warehouse == warehouse,
            OpLog.kind == "label.print",
            OpLog.entity_id.is_in(eids[i : i + 500]),
            OpLog.wall < before_ms,
        )
        prior.update(r["entity_id"] for r in rows)
    return prior


async def work_log(wh: WarehouseInfo, day: date, person: str | None) -> list[WorkLogEntry]:
    tz = schedule.zone(wh.timezone)
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    end = start + timedelta(days=1)
    lo, hi = int(start.timestamp() * 1000), int(end.timestamp() * 1000)
    counts: dict[str, Counter[str]] = {}

    def add(who: str, what: str, n: int = 1) -> None:
        if person is None or who == person:
            counts.setdefault(who, Counter())[what] += n

    for w in await Wave.select(Wave.started_by, Wave.order_count).where(
        Wave.warehouse == wh.id, Wave.started_at >= start, Wave.started_at < end
    ):
        add(w["started_by"], "waves")
        add(w["started_by"], "wave_orders", int(w["order_count"]))
    ops = await OpLog.select(OpLog.kind, OpLog.actor, OpLog.entity_id, OpLog.op_json).where(
        OpLog.warehouse == wh.id,
        OpLog.wall >= lo,
        OpLog.wall < hi,
        OpLog.kind.is_in(["label.print", "label.void", "order.set_field", "pick.sign"]),
    )
    prints = sorted(
        (json.loads(o["op_json"]) for o in ops if o["kind"] == "label.print"),
        key=lambda o: (o["wall"], o["ctr"], o["device"], o["seq"]),
    )
    seen = await _prior_prints(wh.id, sorted({o["eid"] for o in prints}), lo)
    for op in prints:
        add(op["actor"], "reprints" if seen[op["eid"]] else "labels_printed")
        seen[op["eid"]] += 1
    for o in ops:
        if o["kind"] == "label.void":
            add(o["actor"], "voids")
        elif o["kind"] == "order.set_field" and '"field":"flag_note"' in o["op_json"]:
            add(o["actor"], "order_changes")
    signed: set[tuple[str, str]] = set()  # (who, wave code): one signature each
    for h in await Handoff.select(Handoff.received_by, Handoff.wave.code).where(
        Handoff.warehouse == wh.id, Handoff.signed_at >= start, Handoff.signed_at < end
    ):
        signed.add((h["received_by"], h["wave.code"]))
    # Signed on the phone by scanning the list: one pick.sign per order of the wave (v3).
    for o in ops:
        if o["kind"] == "pick.sign":
            signed.add((o["actor"], str(json.loads(o["op_json"])["payload"].get("wave", ""))))
    for who, _wave in signed:
        add(who, "handoffs_signed")
    return [
        WorkLogEntry(
            person=who,
            day=day.isoformat(),
            order_changes=c["order_changes"],
            **{f: c[f] for f in FIELDS},
        )
        for who, c in sorted(counts.items())
    ]
