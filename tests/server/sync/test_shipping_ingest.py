"""Shipping ops (protocol v3) at ingest, on SQLite and PostgreSQL: the exceptions a stopped
parcel, a duplicate scan from another handheld and a failed shipment raise are in the
server's open queue, and the order state is the core's fold."""

from __future__ import annotations

import json
import time
from typing import Any

from support.auth import Device

from server.sync.services import SyncService

SH01 = 1


async def _open(svc: SyncService, eid: str) -> list[str]:
    async with svc.connector.read() as conn:
        rows = await conn.fetch(
            "SELECT kind FROM sync_exception WHERE eid = ? AND resolved_at IS NULL ORDER BY kind",
            (eid,),
        )
    return [r[0] for r in rows]


async def _state(svc: SyncService, eid: str) -> dict[str, Any]:
    async with svc.connector.read() as conn:
        rows = await conn.fetch("SELECT state FROM sync_entity WHERE eid = ?", (eid,))
    state: dict[str, Any] = json.loads(rows[0][0])
    return state


async def test_two_offline_handhelds_scanning_one_parcel_ship_it_once(
    pair: tuple[SyncService, SyncService],
) -> None:
    """Each handheld pushes through its own server process, later scan first: the fold
    still ships the earlier scan and raises one duplicate_scan, whatever the arrival order."""
    one, two = pair
    office, a, b = Device("T-O", {}, "M001"), Device("T-A", {}, "M001"), Device("T-B", {}, "M001")
    eid, t = "jd:SHIP-DUP", int(time.time() * 1000)
    good = {"tracking": "SFD1", "items": {"690": 2}, "slip": "in"}
    await one.push(None, [office.op("order.create", eid, {"lines": {"690": 2}}, wall=t)], SH01)
    await one.push(None, [office.op("label.print", eid, {"tracking": "SFD1"}, wall=t + 1)], SH01)
    first = a.op("parcel.scan_out", eid, good, wall=t + 10)
    second = b.op("parcel.scan_out", eid, good, wall=t + 20)
    await two.push(None, [second], SH01)
    await one.push(None, [first], SH01)
    state = await _state(two, eid)
    assert state["status"] == "shipped"
    assert state["ship"]["scanned"] == {
        "SFD1": {"op": first.id, "wall": t + 10, "actor": "M001", "slip": "in"}
    }
    assert await _open(one, eid) == ["duplicate_scan"]


async def test_a_stopped_parcel_and_a_failed_shipment_reach_the_queue(
    pair: tuple[SyncService, SyncService],
) -> None:
    one, two = pair
    office, a = Device("T-O2", {}, "M001"), Device("T-C", {}, "M001")
    eid, t = "jd:SHIP-STOP", int(time.time() * 1000)
    await one.push(
        None,
        [
            office.op("order.create", eid, {"lines": {"690": 1}, "fields": {"carrier": "SF"}}),
            office.op("label.print", eid, {"tracking": "SFS1"}),
        ],
        SH01,
    )
    wrong = a.op("parcel.scan_out", eid, {"tracking": "SFS1", "items": {"999": 1}}, wall=t + 5)
    short = a.op("parcel.scan_out", eid, {"tracking": "SFS1", "items": {}}, wall=t + 6)
    missed = a.op("batch.missed", eid, {"batch": "B1", "carrier": "SF"}, wall=t + 7)
    results, _ = await two.push(None, [wrong, short, missed], SH01)
    assert {r.status for r in results} == {"accepted"}
    state = await _state(one, eid)
    assert state["status"] == "printed"  # never forced: nothing shipped
    assert state["ship"]["missed"]["batch"] == "B1"
    assert await _open(one, eid) == ["quantity_mismatch", "ship_failed", "wrong_item"]
