"""kill -9 the server while devices push: nothing acknowledged is lost, and what devices
push again after the restart lands exactly once (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
from live_server import LiveServer, db_rows, device_at, push_to
from support.auth import Device
from support.wire import push_body

from server.settings import Settings
from sync import Op, Replica, decode_json

STAFF = ("K001", "K002", "K003", "M001")
BATCH = 10
KILL_AFTER = 120  # acknowledged ops before the kill; pushes keep flying while it happens


class Outbox:
    """A device's unacknowledged ops, as the PWA keeps them: pushed oldest first, dropped
    only once a response says accepted or duplicate."""

    def __init__(self, dev: Device, eids: list[str]) -> None:
        self.dev = dev
        self.eids = eids
        self.ops: list[Op] = []
        self.acked: set[str] = set()

    def write(self, n: int) -> None:
        for _ in range(n):
            eid = self.eids[len(self.ops) % len(self.eids)]
            sku = f"69000000000{len(self.ops) % 7:02d}"
            self.ops.append(self.dev.op("pick.line_picked", eid, {"sku": sku, "qty": 1}))

    def pending(self) -> list[Op]:
        return [o for o in self.ops if o.id not in self.acked]

    def ack(self, results: list[dict[str, str]]) -> None:
        statuses = {r["id"]: r["status"] for r in results}
        assert set(statuses.values()) <= {"accepted", "duplicate"}, results
        self.acked |= set(statuses)


async def keep_pushing(
    client: httpx.AsyncClient, base: str, box: Outbox, fleet: list[Outbox], enough: asyncio.Event
) -> None:
    """Push until the server is gone; a response that never came acknowledges nothing."""
    while True:
        box.write(BATCH)
        body = push_body(box.pending()[:50])
        try:
            r = await client.post(
                f"{base}/api/sync/push",
                content=body,
                headers={**box.dev.headers, "content-type": "application/json"},
            )
        except httpx.TransportError:
            return
        assert r.status_code == 200, r.text
        box.ack(r.json()["results"])
        if sum(len(b.acked) for b in fleet) >= KILL_AFTER:
            enough.set()


async def test_kill_9_loses_no_acknowledged_op_and_repushes_land_once(
    demo_loaded: Settings, tmp_path: Path
) -> None:
    url = demo_loaded.database_url
    eids = [
        str(r[0])
        for r in await db_rows(
            url,
            "SELECT eid FROM sync_entity WHERE etype = 'order' AND status = 'created'"
            " AND warehouse = (SELECT id FROM warehouse WHERE code = 'SH01') ORDER BY eid LIMIT 6",
        )
    ]
    server = LiveServer(url, tmp_path / "server.log")
    server.start()
    try:
        base = await server.healthy()
        async with httpx.AsyncClient(timeout=30) as client:
            boxes = [Outbox(await device_at(client, base, who), eids) for who in STAFF]
            enough = asyncio.Event()
            pushers = [
                asyncio.create_task(keep_pushing(client, base, b, boxes, enough)) for b in boxes
            ]
            await asyncio.wait_for(enough.wait(), timeout=60)
            server.kill()
            await asyncio.wait_for(asyncio.gather(*pushers), timeout=30)
        acked = {i for b in boxes for i in b.acked}
        written = {o.id for b in boxes for o in b.ops}
        assert len(acked) >= KILL_AFTER and written - acked, "the kill should strand some ops"

        # Before any device retries: everything acknowledged survived the kill.
        stored = await _stored(url, boxes)
        assert acked <= stored.keys()

        server.start()
        base = await server.healthy()
        async with httpx.AsyncClient(timeout=30) as client:
            for b in boxes:
                again = await push_to(client, base, b.dev, b.pending())
                # Committed before the kill but never answered: now "duplicate", not twice.
                b.ack(again["results"])
                everything = await push_to(client, base, b.dev, b.ops)
                assert {r["status"] for r in everything["results"]} == {"duplicate"}
        stored = await _stored(url, boxes)
        assert stored.keys() == written
        assert all(n == 1 for n in stored.values())
        await _state_matches_the_log(url, eids)
    finally:
        server.stop()


async def _stored(url: str, boxes: list[Outbox]) -> dict[str, int]:
    devices = ",".join(f"'{b.dev.device_id}'" for b in boxes)
    rows = await db_rows(
        url, f"SELECT op_id, COUNT(*) FROM op_log WHERE device_id IN ({devices}) GROUP BY op_id"
    )
    return {str(r[0]): int(r[1]) for r in rows}


async def _state_matches_the_log(url: str, eids: list[str]) -> None:
    """The state rows written in the crashed process's transactions equal a fresh fold."""
    quoted = ",".join(f"'{e}'" for e in eids)
    ops = await db_rows(url, f"SELECT op_json FROM op_log WHERE entity_id IN ({quoted})")
    replica = Replica(None)
    replica.apply(decode_json(str(r[0])) for r in ops)
    expected = replica.snapshot()["orders"]
    rows = await db_rows(url, f"SELECT eid, state FROM sync_entity WHERE eid IN ({quoted})")
    assert {str(r[0]): json.loads(str(r[1])) for r in rows} == {e: expected[e] for e in eids}
