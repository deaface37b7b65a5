"""Group commit (server/sync/group.py): pushes waiting for the writer share a transaction,
and nothing about exactly-once, folding or authorisation changes; a full queue answers 429
with Retry-After; a retry of a stored batch is answered without the writer."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from support.auth import Device, device_for
from support.wire import BOOTSTRAP, push_body

from server.app import create_app
from server.settings import Settings
from server.sync import group
from server.sync.ingest import Ingestor
from server.sync.services import SyncService
from sync import Op

from .test_materialiser import SH01, assert_exact


async def test_concurrent_pushes_share_transactions_and_stay_exact(
    pair: tuple[SyncService, SyncService],
) -> None:
    """40 pushes at once through two processes: grouped, every op stored once, every
    state and exception equal to a fold of the whole log; an op pushed by two devices'
    pushes of the same group is accepted once and `duplicate` for the other."""
    one, two = pair
    devices = [Device(f"T-G{i}", {}, "M001") for i in range(8)]
    eids = [f"jd:GROUP-{i}" for i in range(20)]
    creates = [devices[0].op("order.create", e, {"lines": {"690": 5}}) for e in eids]
    await one.push(None, creates, SH01)

    def batch(d: int) -> list[Op]:
        dev = devices[d % len(devices)]
        return [dev.op("pick.line_picked", e, {"sku": "690", "qty": 1}) for e in eids[d % 5 :: 5]]

    batches = [batch(d) for d in range(40)]
    shared = batches[0]  # pushed a second time, concurrently, through the other process
    outcomes = await asyncio.gather(
        *(
            (one if d % 2 else two).push(None, b, SH01)
            for d, b in enumerate([*batches, shared, shared])
        )
    )
    statuses = [r.status for results, _cursor in outcomes for r in results]
    assert statuses.count("accepted") == sum(len(b) for b in batches)
    assert statuses.count("duplicate") == 2 * len(shared)
    for svc in (one, two):
        stats = svc.ingestor.writer.stats
        assert stats["jobs"] > stats["groups"] >= 1, stats  # pushes were grouped
        assert svc.ingestor.writer.queued_ops == 0
    async with one.connector.read() as conn:
        [(stored,)] = await conn.fetch(
            "SELECT COUNT(*) FROM op_log WHERE entity_id LIKE 'jd:GROUP-%'"
        )
    assert stored == len(creates) + sum(len(b) for b in batches)
    state = await assert_exact(one, eids)
    picked = [s["picked"]["690"] for s in state.values() if s is not None]
    assert sum(picked) == sum(len(b) for b in batches)


async def test_a_failing_push_does_not_sink_its_group(
    pair: tuple[SyncService, SyncService], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, _ = pair
    a = Device("T-GF", {}, "M001")
    eids = [f"jd:GFAIL-{i}" for i in range(3)]
    await one.push(None, [a.op("order.create", e, {"lines": {"690": 2}}) for e in eids], SH01)
    store = one.ingestor._store

    async def fail_on_middle(conn: Any, job: Any) -> Any:
        if job.ops[0].eid == eids[1]:
            raise RuntimeError("this push only")
        return await store(conn, job)

    monkeypatch.setattr(one.ingestor.writer, "_run", fail_on_middle)
    pushes = [one.push(None, [a.op("order.cancel", e, {})], SH01) for e in eids]
    outcomes = await asyncio.gather(*pushes, return_exceptions=True)
    assert isinstance(outcomes[1], RuntimeError)
    assert [type(o) for o in (outcomes[0], outcomes[2])] == [tuple, tuple]
    state = await assert_exact(one, eids)
    assert [state[e]["status"] for e in eids] == ["cancelled", "created", "cancelled"]


async def test_a_retried_batch_skips_the_writer(pair: tuple[SyncService, SyncService]) -> None:
    one, _ = pair
    a = Device("T-GD", {}, "M001")
    ops = [a.op("order.create", f"jd:GDUP-{i}", {"lines": {"690": 1}}) for i in range(3)]
    _first, cursor = await one.push(None, ops, SH01)
    jobs = one.ingestor.writer.stats["jobs"]
    again, again_cursor = await one.push(None, list(reversed(ops)), SH01)
    assert [r.status for r in again] == ["duplicate"] * 3
    assert again_cursor >= cursor
    assert one.ingestor.writer.stats["jobs"] == jobs  # answered from a read snapshot
    assert one.ingestor.stats["fast_duplicates"] == 1
    # Same id, other bytes: not a plain retry, so the writer records the collision.
    clash = Op(**{**{f: getattr(ops[0], f) for f in Op.__struct_fields__}, "payload": {}})
    out, _ = await one.push(None, [ops[1], clash], SH01)
    assert [(r.status, r.reason) for r in out] == [
        ("duplicate", None),
        ("rejected", "id_collision"),
    ]
    assert one.ingestor.writer.stats["jobs"] == jobs + 1


async def test_a_full_queue_answers_429_and_loses_nothing(
    demo_loaded: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test client serves the app on a thread of its own (a portal), so the push held
    in the writer is sent from another thread and held with thread events."""
    monkeypatch.setattr(group, "MAX_QUEUED_OPS", 1)
    gate, arrived = threading.Event(), threading.Event()
    store = Ingestor._store

    async def held(self: Ingestor, conn: Any, job: Any) -> Any:
        arrived.set()  # in the writer: its op counts as queued until the commit
        await asyncio.to_thread(gate.wait, 60)
        return await store(self, conn, job)

    monkeypatch.setattr(Ingestor, "_store", held)
    async with AsyncTestClient(create_app(demo_loaded)) as client:
        first, second = await device_for(client, "K001"), await device_for(client, "K002")
        boot = (await client.get(BOOTSTRAP, headers=first.headers)).json()
        eid = next(o["eid"] for o in boot["ops"] if o["kind"] == "order.create")

        async def send(dev: Device, order: str = eid) -> Any:
            op = dev.op("pick.line_picked", order, {"sku": "6900000000000", "qty": 1})
            headers = {**dev.headers, "content-type": "application/json"}
            return await client.post("/api/sync/push", content=push_body([op]), headers=headers)

        try:
            # An op the writer refuses (and records): no poke from the other thread's loop.
            unknown = send(first, "jd:NO-SUCH-ORDER")
            held_push = asyncio.create_task(asyncio.to_thread(asyncio.run, unknown))
            assert await asyncio.to_thread(arrived.wait, 60)
            refused = await send(second)
        finally:
            gate.set()
        assert refused.status_code == 429, refused.text
        assert refused.headers["retry-after"] == str(group.RETRY_AFTER_S)
        done = await held_push
        assert done.status_code == 200, done.text
        assert [r["reason"] for r in done.json()["results"]] == ["unknown_entity"]
        again = await send(second)  # a new op of the same device: the queue is free again
        assert again.status_code == 200, again.text
        assert [r["status"] for r in again.json()["results"]] == ["accepted"]
