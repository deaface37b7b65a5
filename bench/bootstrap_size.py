"""Bootstrap time and bytes for a new device in a warehouse with 10,000 open orders.

Usage: uv run python bench/bootstrap_size.py [--orders 10000] [--no-pg] [--runs 5]

The orders go in as ops through the real ingest (`SyncService.push`, 500 per batch): every
order is created with the fields the PWA shows, and half of them have a label printed.
Then a real `packline serve` answers GET /api/sync/bootstrap for a freshly enrolled,
signed-in device, as JSON and as MessagePack (Accept header); the median of --runs
requests is shown, with the body size and what gzip would make of it on the wire.

Baselines from the same server in the same run: GET /api/health (hello-world), and the
very bytes of the JSON bootstrap served as a static file, which is what moving them over
loopback costs without building them. Like a browser, the client accepts gzip, so every
large answer includes the server's compression time; that JSON body is also compressed
here at zlib level 6 (the server's setting) and 9 (Litestar's default), time and size.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import statistics
import tempfile
import time
from pathlib import Path

import httpx
import msgspec
from _common import (
    PICKER,
    PIN,
    WAREHOUSE,
    databases,
    free_port,
    migrate_and_staff,
    order_create_payload,
    packline_serve,
)

from server.db import Connector
from server.db.url import parse_database_url
from server.sync.author import ServerAuthor
from server.sync.services import SyncService
from sync import PROTOCOL_VERSION


async def fill(url: str, orders: int) -> float:
    svc = SyncService(Connector(parse_database_url(url), 5_000))
    await svc.connector.start()
    start = time.perf_counter()
    try:
        async with svc.connector.read() as conn:
            wh = int(
                (await conn.fetch("SELECT id FROM warehouse WHERE code = ?", [WAREHOUSE]))[0][0]
            )
        author = ServerAuthor()
        ops = []
        for i in range(orders):
            eid = f"tmall:T{i:010d}"
            ops.append(author.op("order.create", "order", eid, order_create_payload(i)))
            if i % 2:
                ops.append(author.op("label.print", "order", eid, {"tracking": f"SF{i:012d}"}))
        for i in range(0, len(ops), 500):
            await svc.push(None, ops[i : i + 500], wh)
    finally:
        await svc.connector.close()
    return time.perf_counter() - start


async def _timed_get(
    client: httpx.AsyncClient, path: str, runs: int, headers: dict[str, str] | None = None
) -> tuple[float, bytes]:
    """Median milliseconds of `runs` GETs of `path`, and the last body."""
    times, body = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        r = await client.get(path, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200, r.text
        body = r.content
    return statistics.median(times), body


async def measure(base: str, runs: int, static_dir: Path) -> dict[str, tuple[float, int, int, int]]:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        r = await client.post("/api/demo/enroll", json={"warehouse_code": WAREHOUSE})
        device = r.json()
        r = await client.post(
            "/api/auth/login",
            json={"employee_code": PICKER, "pin": PIN},
            headers={"Authorization": f"Bearer {device['token']}"},
        )
        auth = {"Authorization": f"Bearer {r.json()['token']}"}
        out = {}
        for name, accept in (
            ("JSON", "application/json"),
            ("MessagePack", "application/x-msgpack"),
        ):
            headers = {**auth, "accept": accept}
            ms, body = await _timed_get(
                client, f"/api/sync/bootstrap?protocol={PROTOCOL_VERSION}", runs, headers
            )
            decoded = msgspec.json.decode(body) if name == "JSON" else msgspec.msgpack.decode(body)
            out[name] = (ms, len(body), len(gzip.compress(body, 6)), len(decoded["ops"]))
            if name == "JSON":
                (static_dir / "bootstrap-copy.json").write_bytes(body)
        for name, path in (("static copy", "/bootstrap-copy.json"), ("hello-world", "/api/health")):
            ms, body = await _timed_get(client, path, runs)
            out[name] = (ms, len(body), len(gzip.compress(body, 6)), 0)
    return out


def gzip_levels(body: bytes, runs: int) -> list[tuple[int, float, int]]:
    """(level, median ms, gzipped bytes) at the server's zlib level and Litestar's default."""
    out = []
    for level in (6, 9):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            size = len(gzip.compress(body, level))
            times.append((time.perf_counter() - start) * 1000)
        out.append((level, statistics.median(times), size))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args()
    print(f"bootstrap of a new device, {args.orders:,} open orders, median of {args.runs} requests")
    for label, url in databases(not args.no_pg):
        migrate_and_staff(url)
        took = asyncio.run(fill(url, args.orders))
        port = free_port()
        static_dir = Path(tempfile.mkdtemp(prefix="packline-bench-static-"))
        server = packline_serve(url, port, PACKLINE_PWA_DIR=str(static_dir))
        try:
            base = f"http://127.0.0.1:{port}"
            asyncio.run(server.wait_healthy(base + "/api/health"))
            results = asyncio.run(measure(base, args.runs, static_dir))
        finally:
            server.stop()
        ops = results["JSON"][3]
        print(f"  {label}: {ops:,} ops ingested in {took:.1f} s ({ops / took:,.0f} ops/s)")
        for name, (ms, size, zipped, _n) in results.items():
            if name == "static copy":
                print(f"  {label:<10} baselines, same server, same run:")
            print(
                f"  {label:<10} {name:<11} {ms:7.0f} ms  {size / 1e6:6.2f} MB"
                f"  ({zipped / 1e6:5.2f} MB gzipped)  {size / ops:5.0f} B/op"
            )
        body = (static_dir / "bootstrap-copy.json").read_bytes()
        for level, ms, zipped in gzip_levels(body, args.runs):
            print(f"  {label:<10} JSON, zlib level {level}: {ms:5.0f} ms, {zipped / 1e6:5.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
