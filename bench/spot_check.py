"""The 50% spot check for 50,000 SKUs: draw the sample and prepare the inspection list.

Baseline (same run, same database): loading only the SKUs (`SELECT barcode, spot_checked
FROM sku`). Measured: what the server answers for the draw (`QualityService.sku_rows`:
stock per SKU, shipped units, marks), then what each handheld does with it: combine with
its ops (`combine_rows`), draw (`spot_check_sample`) and take today's uninspected list
(`uninspected`) — for DEVICES devices drawing at once (threads sharing the two cores, as
phones share the server), with the peak memory and the database's size on disk.

    uv run python bench/spot_check.py            # 50,000 SKUs, 8 devices
    uv run python bench/spot_check.py --smoke    # 2,000 SKUs, 2 devices
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server.db.database import Database
from server.db.migrate import upgrade_to_head
from server.db.tables import Location, Sku, Stock, Warehouse
from server.db.url import parse_database_url
from server.quality.services import QualityService
from server.settings import Settings
from sync import quality

SMOKE = "--smoke" in sys.argv[1:]
N_SKUS = 2_000 if SMOKE else 50_000
DEVICES = 2 if SMOKE else 8
ROUNDS = 3


async def _seed(n: int) -> tuple[int, str]:
    now = datetime.now(UTC)
    wh = Warehouse(code="BQ01", name="质检基准仓", timezone="Asia/Shanghai", created_at=now)
    await wh.save()
    await Location.insert(
        *[Location(warehouse=wh.id, code=f"L{i:03d}", zone="A", walk_order=i) for i in range(500)]
    )
    lids = [r["id"] for r in await Location.select(Location.id).order_by(Location.id)]
    for start in range(0, n, 5_000):  # in chunks: one statement per chunk
        chunk = range(start, min(n, start + 5_000))
        await Sku.insert(
            *[
                Sku(
                    barcode=f"69{i:011d}",
                    name_zh="商品",
                    name_en="item",
                    spot_checked=i % 3 == 0,
                    created_at=now,
                )
                for i in chunk
            ]
        )
    ids = [r["id"] for r in await Sku.select(Sku.id).order_by(Sku.id)]
    for start in range(0, n, 5_000):
        await Stock.insert(
            *[
                Stock(sku=sid, location=lids[j % len(lids)], quantity=(j * 7) % 40)
                for j, sid in enumerate(ids[start : start + 5_000], start)
            ]
        )
    return int(wh.id), str(wh.code)


def _device_ops(n: int) -> dict[str, Any]:
    """A handheld's own stock view: a day's receipts, inspections and counts (1% of SKUs)."""
    stock: dict[str, Any] = {}
    day = 1_765_000_000_000
    for i in range(0, n, 100):
        sku = f"BQ01:69{i:011d}"
        stock[f"{sku}@R-01"] = {
            "on_hand": 5,
            "granted": {},
            "spent": {"P": 1},
            "received": {"at": day + i, "receipt": "R-1"},
        }
        if i % 200 == 0:
            stock[sku] = {
                "on_hand": 0,
                "granted": {},
                "spent": {},
                "qc": {"mark": True, "result": "pass", "at": day + n, "by": "q"},
            }
    return stock


def _prepare(rows: list[dict[str, Any]], stock: dict[str, Any], seed: str) -> int:
    combined = quality.combine_rows(rows, stock)  # type: ignore[arg-type]
    sample = quality.spot_check_sample(seed, combined)
    todo = quality.uninspected(stock, 1_765_000_000_000, 1_765_000_000_000 + 18 * 3_600_000)
    return len(set(sample) | set(todo))


def _ms(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:8.1f} ms"


async def _bench(db_path: Path) -> None:
    wid, code = await _seed(N_SKUS)
    service = QualityService()
    base: list[float] = []
    served: list[float] = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        loaded = await Sku.select(Sku.barcode, Sku.spot_checked).run()
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        answer = await service.sku_rows(wid, code)
        served.append(time.perf_counter() - t)
    assert len(loaded) == N_SKUS and len(answer.rows) == N_SKUS
    rows = [
        {"sku": r.sku, "available": r.available, "shipped": r.shipped, "marked": r.marked}
        for r in answer.rows
    ]
    stock = _device_ops(N_SKUS)

    one: list[float] = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        listed = _prepare(rows, stock, f"{code}:2026-12-07")
        one.append(time.perf_counter() - t)
    tracemalloc.start()  # a separate run: tracing slows the timed one several-fold
    _prepare(rows, stock, f"{code}:2026-12-07")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    t = time.perf_counter()
    with ThreadPoolExecutor(DEVICES) as pool:
        got = list(
            pool.map(
                lambda d: _prepare(rows, stock, f"{code}:2026-12-0{d % 9 + 1}"), range(DEVICES)
            )
        )
    fleet = time.perf_counter() - t
    assert all(g > N_SKUS // 3 for g in got)  # about half the shelf, plus the unchecked

    print(
        f"spot check for {N_SKUS:,} SKUs (SQLite, median of {ROUNDS}); inspection list: "
        f"{listed:,} SKUs"
    )
    print(f"  baseline: load the SKUs only           {_ms(base)}")
    print(f"  server:   sku rows (stock, shipped, marks) {_ms(served)}")
    print(f"  device:   combine + draw + uninspected {_ms(one)}  (peak {peak / 2**20:.1f} MiB)")
    print(
        f"  total (server + device) vs baseline    "
        f"{statistics.median(served) + statistics.median(one):.3f} s vs "
        f"{statistics.median(base):.3f} s = "
        f"{(statistics.median(served) + statistics.median(one)) / statistics.median(base):.1f}x"
    )
    print(
        f"  {DEVICES} devices drawing at once: {fleet * 1000:.0f} ms wall, "
        f"{fleet / DEVICES * 1000:.0f} ms per device"
    )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="packline-bench-") as tmp:
        path = Path(tmp) / "bench.db"
        settings = Settings.from_env({}, database_url=f"sqlite:///{path}")
        upgrade_to_head(parse_database_url(settings.database_url))
        database = Database(settings)
        database.bind()

        async def run() -> None:
            async with database.lifespan(None):  # type: ignore[arg-type]
                await _bench(path)

        asyncio.run(run())
        print(f"  database on disk: {os.path.getsize(path) / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
