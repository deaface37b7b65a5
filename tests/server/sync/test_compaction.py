"""Compaction keeps the log bounded: finished orders go, open work and live cursors stay."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import device_for
from support.server_proc import run_cli
from support.wire import BOOTSTRAP, PROTOCOL

from server.db import Connector
from server.db.url import parse_database_url
from server.identity.principal import Principal
from server.roles import Role
from server.settings import Settings
from server.sync.author import ServerAuthor
from server.sync.compaction import compact
from server.sync.reader import CursorExpired
from server.sync.services import SyncService
from sync import Op

Client = AsyncTestClient[Litestar]
LATER = datetime.now(UTC) + timedelta(days=30)
WEEK = timedelta(days=7)


@pytest.fixture
async def service(demo_loaded: Settings) -> AsyncIterator[SyncService]:
    svc = SyncService(Connector(parse_database_url(demo_loaded.database_url), 5_000))
    await svc.connector.start()
    yield svc
    await svc.connector.close()


async def manager(svc: SyncService) -> Principal:
    async with svc.connector.read() as conn:
        wh = (await conn.fetch("SELECT id FROM warehouse WHERE code = 'SH01'"))[0][0]
        uid = (await conn.fetch("SELECT id FROM app_user WHERE employee_code = 'M001'"))[0][0]
    return Principal(
        device_pk=1,
        device_id="PDA-T",
        warehouse_id=int(wh),
        warehouse_code="SH01",
        user_pk=int(uid),
        employee_code="M001",
        roles=frozenset({Role.MANAGER}),
    )


async def finished_order(svc: SyncService, author: ServerAuthor, wh: int, how: str) -> list[Op]:
    eid = f"jd:{how.upper()}-{author.device}"
    ending = (
        author.op("order.cancel", "order", eid, {"reason": "客户取消"})
        if how == "cancelled"
        else author.op("status.advance", "order", eid, {"to": "delivered"})
    )
    ops = [author.op("order.create", "order", eid, {"lines": {"690": 1}}), ending]
    await svc.push(None, ops, wh)
    return ops


SH01 = 1  # the demo's first warehouse


def new_order(author: ServerAuthor, eid: str) -> Op:
    return author.op("order.create", "order", eid, {"lines": {"6900000000001": 1}})


async def rows(svc: SyncService, sql: str, args: list[Any]) -> list[tuple[Any, ...]]:
    async with svc.connector.read() as conn:
        return await conn.fetch(sql, args)


async def test_only_long_finished_orders_go_and_old_cursors_expire(service: SyncService) -> None:
    p = await manager(service)
    author = ServerAuthor()
    cancelled = await finished_order(service, author, p.warehouse_id, "cancelled")
    delivered = await finished_order(service, author, p.warehouse_id, "delivered")
    open_eid = "jd:STILL-OPEN"
    create = author.op("order.create", "order", open_eid, {"lines": {"1": 1}})
    await service.push(None, [create], p.warehouse_id)
    _, head = await service.push(
        None, [author.op("order.hold", "order", open_eid, {"reason": "缺货"})], p.warehouse_id
    )

    assert (await compact(service.connector, WEEK)).deleted == 0  # nothing is a week old yet
    done = await compact(service.connector, WEEK, now=LATER)
    gone = {o.eid for o in cancelled + delivered}
    assert (done.orders, done.deleted) == (2, 4)
    assert done.through < head  # the newest op is never deleted
    left = await rows(service, "SELECT entity_id FROM op_log WHERE entity_id = ?", [open_eid])
    assert len(left) == 2
    for eid in gone:
        assert await rows(service, "SELECT 1 FROM op_log WHERE entity_id = ?", [eid]) == []
        state = await rows(service, "SELECT status FROM sync_entity WHERE eid = ?", [eid])
        assert state[0][0] in {"cancelled", "delivered"}
    # Demo orders shipped long ago are untouched: only terminal orders are compacted.
    shipped = await rows(service, "SELECT COUNT(*) FROM sync_entity WHERE status = 'shipped'", [])
    assert shipped[0][0] > 0

    with pytest.raises(CursorExpired):
        await service.reader.pull(p, done.through - 1, 10)
    page = await service.reader.pull(p, done.through, 10)
    assert page.cursor == head and not page.more
    again = await compact(service.connector, WEEK, now=LATER)
    assert (again.deleted, again.through) == (0, done.through)


async def test_the_newest_op_waits_and_seqs_are_never_reused(service: SyncService) -> None:
    author = ServerAuthor()
    ops = await finished_order(service, author, SH01, "cancelled")
    assert (await compact(service.connector, WEEK, now=LATER)).deleted == 0
    count = "SELECT COUNT(*) FROM op_log WHERE entity_id = ?"
    assert await rows(service, count, [ops[0].eid]) == [(2,)]
    _, cursor = await service.push(None, [new_order(author, "jd:N")], SH01)
    second = await compact(service.connector, WEEK, now=LATER)
    assert second.deleted == 2 and second.through < cursor
    _, after = await service.push(None, [new_order(author, "jd:M")], SH01)
    assert after == cursor + 1


async def test_a_compacted_order_takes_no_more_ops(service: SyncService) -> None:
    p = await manager(service)
    author = ServerAuthor()
    ops = await finished_order(service, author, p.warehouse_id, "delivered")
    await service.push(None, [new_order(author, "jd:HEAD")], SH01)
    await compact(service.connector, WEEK, now=LATER)
    before = await rows(service, "SELECT state FROM sync_entity WHERE eid = ?", [ops[0].eid])

    late = author.op("delivery.confirm", "order", ops[0].eid, {"tracking": "SF1"})
    results, _ = await service.push(p, [late], p.warehouse_id)
    # Re-pushing an op whose original was compacted must not count as a new op either.
    replayed, _ = await service.push(None, [ops[1]], p.warehouse_id)
    assert [(r.status, r.reason) for r in results + replayed] == [("rejected", "compacted")] * 2
    after = await rows(service, "SELECT state FROM sync_entity WHERE eid = ?", [ops[0].eid])
    assert after == before
    rejected = await rows(service, "SELECT reason FROM rejected_op WHERE op_id = ?", [late.id])
    assert rejected == [("compacted",)]


async def test_expired_cursor_is_a_410_asking_for_bootstrap(
    demo_client: Client, service: SyncService
) -> None:
    dev = await device_for(demo_client, "K001")
    author = ServerAuthor()  # the app's process and this one both write the log
    await finished_order(service, author, SH01, "cancelled")
    await service.push(None, [new_order(author, "jd:LAST")], SH01)
    through = (await compact(service.connector, WEEK, now=LATER)).through
    r = await demo_client.get(
        "/api/sync/pull", params={**PROTOCOL, "cursor": through - 1}, headers=dev.headers
    )
    assert r.status_code == 410
    assert r.json()["extra"] == {"rebootstrap": True}
    boot = (await demo_client.get(BOOTSTRAP, headers=dev.headers)).json()
    assert boot["cursor"] >= through
    r = await demo_client.get(
        "/api/sync/pull", params={**PROTOCOL, "cursor": boot["cursor"]}, headers=dev.headers
    )
    assert r.status_code == 200 and r.json()["ops"] == []


async def test_compact_command(service: SyncService, demo_loaded: Settings) -> None:
    author = ServerAuthor()
    await finished_order(service, author, SH01, "delivered")
    _, head = await service.push(None, [new_order(author, "jd:LAST")], SH01)
    url = demo_loaded.database_url
    fresh = run_cli("sync", "compact", "--days", "30", "--json", "--database", url)
    assert fresh.returncode == 0, fresh.stderr
    assert json.loads(fresh.stdout)["deleted"] == 0
    # Age the whole log by 40 days, as if the order had been delivered in the summer.
    async with service.connector.write() as conn:
        old = datetime.now(UTC) - timedelta(days=40)
        await conn.execute("UPDATE op_log SET received_at = ?", [old])
    done = run_cli("sync", "compact", "--days", "30", "--json", "--database", url)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["orders"], out["deleted"]) == (1, 2) and out["through"] == head - 1
    bad = run_cli("sync", "compact", "--days", "0", "--database", url)
    assert bad.returncode == 2 and "--days" in bad.stderr


async def test_a_finished_order_takes_no_other_warehouses_namesake_with_it(
    service: SyncService,
) -> None:
    """Order ids are unique per warehouse only (alembic 0007): compacting SH01's finished
    `jd:TWIN` leaves HZ02's live `jd:TWIN` and its whole history alone."""
    author = ServerAuthor()
    (hz,) = await rows(service, "SELECT id FROM warehouse WHERE code = 'HZ02'", [])
    hz_id = int(hz[0])
    eid = "jd:TWIN"
    await service.push(None, [new_order(author, eid)], hz_id)
    await service.push(
        None,
        [new_order(author, eid), author.op("order.cancel", "order", eid, {"reason": "客户取消"})],
        SH01,
    )
    _, head = await service.push(None, [new_order(author, "jd:HEAD-KEEPER")], SH01)
    done = await compact(service.connector, WEEK, now=LATER)
    assert (done.orders, done.deleted) == (1, 2)
    left = await rows(service, "SELECT warehouse, kind FROM op_log WHERE entity_id = ?", [eid])
    assert [(int(w), k) for w, k in left] == [(hz_id, "order.create")]
    status = await rows(
        service,
        "SELECT warehouse, status FROM sync_entity WHERE etype = 'order' AND eid = ?"
        " ORDER BY warehouse",
        [eid],
    )
    assert [(int(w), s) for w, s in status] == [(SH01, "cancelled"), (hz_id, "created")]
    assert done.through < head
