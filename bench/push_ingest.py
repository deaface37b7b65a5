"""Push ingest in ops/s on SQLite and PostgreSQL, against a raw executemany of the same rows.

Usage: uv run python bench/push_ingest.py [--no-pg] [--orders 2000]

The ingest side is `SyncService.push` with a signed-in picker's principal: the code the
`POST /api/sync/push` handler calls after decoding (dedupe by op id, authorisation, the
append, the re-fold of every touched order and its exceptions, in one transaction). HTTP
and body decoding are not included. The raw side is `executemany` of the very op_log rows
the ingest writes (op ids prefixed so they do not collide), one transaction per batch, on
the same kind of connection, interleaved batch by batch with the ingest; the raw rows
carry their own entity ids, so ingest never re-folds them as another writer's history. Each op of a
batch targets a different order that already has history (a picker's steps), the costly
case for the re-fold.
Target: ingest >= 30% of raw at 100 ops.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime

from _common import (
    PICKER,
    WAREHOUSE,
    SimDevice,
    databases,
    migrate_and_staff,
    order_create_payload,
)

from server.db import Connector, oplog
from server.db.url import parse_database_url
from server.identity.principal import Principal
from server.roles import Role
from server.sync.author import ServerAuthor
from server.sync.ingest import _op_row
from server.sync.services import SyncService
from sync import Op, encode_json

TARGET = 0.30
LINES = {"6900000000001": 2, "6900000000002": 1}
# What a picker's handheld does to an order, step by step; none of it raises an exception.
STEPS: list[tuple[str, dict[str, object]]] = [
    ("pick.line_picked", {"sku": "6900000000001", "qty": 1}),
    ("pick.line_picked", {"sku": "6900000000001", "qty": 1}),
    ("pick.line_picked", {"sku": "6900000000002", "qty": 1}),
    ("status.advance", {"to": "picked"}),
    ("order.set_field", {"field": "note", "value": "二楼货架 B-12 已拣"}),
    ("status.advance", {"to": "packed"}),
]
# (batch size, ops measured): enough batches for a stable figure, a few seconds each.
PLAN = ((1, 400), (10, 2_000), (100, 6_000))


async def _principal(svc: SyncService) -> Principal:
    async with svc.connector.read() as conn:
        wh = (await conn.fetch("SELECT id FROM warehouse WHERE code = ?", [WAREHOUSE]))[0][0]
        user = (await conn.fetch("SELECT id FROM app_user WHERE employee_code = ?", [PICKER]))[0]
    return Principal(
        device_pk=1,
        device_id="BENCH-PDA",
        warehouse_id=int(wh),
        warehouse_code=WAREHOUSE,
        user_pk=int(user[0]),
        employee_code=PICKER,
        roles=frozenset({Role.PICKER, Role.CS}),
    )


async def _seed(svc: SyncService, wh: int, orders: int) -> list[str]:
    author = ServerAuthor()
    eids = [f"bench:{i:06d}" for i in range(orders)]
    ops = [
        author.op("order.create", "order", eid, {**order_create_payload(i), "lines": LINES})
        for i, eid in enumerate(eids)
    ]
    for i in range(0, len(ops), 500):
        await svc.push(None, ops[i : i + 500], wh)
    async with svc.connector.write() as conn:
        if conn.kind == "postgresql":
            # Planner statistics, as autovacuum would have them on a database in use.
            await conn.execute("ANALYZE")
    return eids


def _raw_row(op: Op, wh: int, now: datetime) -> tuple[object, ...]:
    """The row ingest writes for `op`, under its own op id and entity id: the same bytes
    into the same table and indexes, without turning the raw rows into a second writer's
    history of the very orders being pushed (one embedded server has no second writer)."""
    row = _op_row(op, encode_json(op).decode(), wh, now)
    return ("raw-" + op.id, *row[1:7], "raw-" + op.eid, *row[8:])


async def _timed(svc: SyncService, p: Principal, batches: list[list[Op]]) -> tuple[float, float]:
    """Seconds for raw inserts and for ingest, interleaved batch by batch so that both
    see the same machine (other processes on a shared box come and go)."""
    now = datetime.now(UTC)
    wh = p.warehouse_id
    rows = [[_raw_row(op, wh, now) for op in batch] for batch in batches]
    raw_s = ingest_s = 0.0
    for chunk, batch in zip(rows, batches, strict=True):
        start = time.perf_counter()
        async with svc.connector.write() as conn:
            await conn.executemany(oplog.INSERT_OP, chunk)
        raw_s += time.perf_counter() - start
        start = time.perf_counter()
        results, _cursor = await svc.push(p, batch, wh)
        ingest_s += time.perf_counter() - start
        if any(r.status != "accepted" for r in results):
            raise SystemExit(f"ingest refused an op: {results[0]}")
    return raw_s, ingest_s


async def run(label: str, url: str, orders: int) -> list[float]:
    svc = SyncService(Connector(parse_database_url(url), 5_000))
    await svc.connector.start()
    ratios: list[float] = []
    try:
        p = await _principal(svc)
        eids = await _seed(svc, p.warehouse_id, orders)
        dev = SimDevice(p.device_id, PICKER)
        k = 0
        for size, total in PLAN:
            ops = []
            for _ in range(total):
                kind, payload = STEPS[(k // orders) % len(STEPS)]
                ops.append(dev.op(kind, eids[k % orders], payload))
                k += 1
            batches = [ops[i : i + size] for i in range(0, total, size)]
            raw_s, ingest_s = await _timed(svc, p, batches)
            raw_rate, ingest_rate = total / raw_s, total / ingest_s
            ratios.append(ingest_rate / raw_rate)
            print(
                f"  {label:<10} batch {size:>3}: ingest {ingest_rate:>9,.0f} ops/s"
                f"  raw executemany {raw_rate:>9,.0f} ops/s"
                f"  ratio {ingest_rate / raw_rate:6.1%}  ({total} ops)",
                flush=True,
            )
    finally:
        await svc.connector.close()
    return ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--orders", type=int, default=2_000, help="orders with history")
    args = parser.parse_args()
    print("push ingest (SyncService.push, picker principal) vs raw executemany into op_log")
    worst = 1.0
    for label, url in databases(not args.no_pg):
        migrate_and_staff(url)
        ratios = asyncio.run(run(label, url, args.orders))
        worst = min(worst, ratios[-1])
    verdict = "meets" if worst >= TARGET else "MISSES"
    print(f"  batch-100 ratio, worst backend: {worst:.1%} ({verdict} the {TARGET:.0%} target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
