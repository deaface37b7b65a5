"""Sync at fleet scale (issue 11): 50 handhelds push, catch up and bootstrap at once.

Usage: uv run python bench/fleet.py [--backend sqlite|postgresql|both] [--orders 100000]
         [--devices 50] [--batches 20] [--random-parcels [--parcels 20000]] [--also-random]
         [--processes 1,2,4] [--page 1000] [--smoke] [--protocol 2] [--json FILE]

Against real `packline serve` processes on loopback (one on SQLite; K on PostgreSQL with
`--processes K`, devices spread over them), with the op documents the PWA makes, pushed
the way it pushes them (bench/_fleet_world.py).

Setup, not timed: one warehouse; an office device whose manager pushes N orders, each
created and its label printed (2N ops, batches of 500 like the PWA); the manager adds a
picker per handheld, enrols each handheld, and each picker signs in. The set-up database
is then copied for every run (variants, process counts), so each starts from the same
state, with freshly started (cold) servers.

Timed:
1. push: all devices at once, each `--batches` batches of 100 `parcel.scan_out` ops one
   after another; each op scans its own parcel (`--random-parcels`: a random one of the
   first 20,000, so most scans repeat and raise duplicate_scan exceptions); one batch in
   ten is sent again (must come back `duplicate`);
2. catch-up: every device pulls from its checkpoint (the head after setup) to the head,
   in pages of 1,000, all at once;
3. bootstrap: a freshly enrolled device (median of --boot-runs), time, bytes on the wire
   (gzip, as a browser asks), the server's peak RSS during it.

Baselines in the same run (bench/_fleet_raw.py): the same rows into a database with the
same schema, raw `executemany` one transaction per batch (SQLite WAL + NORMAL + BEGIN
IMMEDIATE; PostgreSQL asyncpg on one connection, and on 10); the same pages and the
bootstrap's rows selected raw. Also printed: server CPU next to PostgreSQL's and the
client's, server peak RSS per phase (VmHWM, reset per phase) and RSS along the push,
what the server's PostgreSQL sessions wait on, disk per stored op against raw, exception
record bytes, and what a bootstrap of state (order rows) would weigh. Targets (issue 11)
are printed beside each figure; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import _fleet_db as db
import _fleet_phases as phases
import _fleet_world as world
import _spy
import httpx
import msgspec
from _common import PACKLINE, PG_URL, Process, free_port, pg_available
from _fleet_probe import Meter, disk_of, loadavg, rss, state_size
from _fleet_raw import RawPg, RawSqlite
from _fleet_report import Run, report, summary


@dataclass
class Setup:
    url: str
    raw_url: str
    fleet: world.Fleet


def serve(url: str, k: int, args: argparse.Namespace) -> tuple[list[Process], list[str]]:
    env = {"PACKLINE_LOG_LEVEL": "WARNING"}
    argv = [PACKLINE]
    if args.stmt_timings:
        env["PACKLINE_BENCH_TIMINGS"] = str(Path(args.stmt_timings) / "timings-{pid}.json")
        argv = [sys.executable, str(Path(__file__).with_name("_serve_timed.py"))]
    procs, bases = [], []
    for _ in range(k):
        port = free_port()
        procs.append(Process([*argv, "serve", "--port", str(port), "--database", url], env))
        bases.append(f"http://127.0.0.1:{port}")
    for p, base in zip(procs, bases, strict=True):
        # K processes importing at once on a busy 2-core machine can take minutes.
        asyncio.run(p.wait_healthy(base + "/api/health", within=300))
    return procs, bases


def _client(devices: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=devices + 10, max_keepalive_connections=devices + 10)
    return httpx.AsyncClient(timeout=httpx.Timeout(900), limits=limits)


def setup(dbs: db.Databases, args: argparse.Namespace) -> Setup:
    cache = f"{dbs.backend}_{args.orders}_{args.devices}" if args.setup_cache else None
    meta = db.CACHE_DIR / f"{cache}.json"
    if cache and meta.exists():
        fleet, urls = world.load_fleet(meta)
        print(f"  setup: reusing {urls['setup']} and {urls['raw']} (--setup-cache)", flush=True)
        return Setup(urls["setup"], urls["raw"], fleet)
    url = dbs.new("setup", cache)
    code = db.prepare(url)
    assert code is not None
    wh = asyncio.run(db.warehouse_id(url))
    procs, bases = serve(url, 1, args)

    async def go() -> world.Fleet:
        async with _client(args.devices) as client:
            fleet = await world.staff_and_devices(client, bases[0], code, args.devices)
            fleet.warehouse = wh
            start = time.perf_counter()
            await world.seed_orders(client, fleet, args.orders, args.protocol)
            fleet.setup_s = time.perf_counter() - start
            return fleet

    try:
        fleet = asyncio.run(go())
    finally:
        for p in procs:
            p.stop()
    raw_url = dbs.new("raw", cache)
    db.prepare(raw_url, with_manager=False)
    if asyncio.run(db.warehouse_id(raw_url)) != wh:
        raise SystemExit("raw database's warehouse id differs")
    if dbs.backend == "sqlite":
        raw = RawSqlite(raw_url)
        raw.fill(fleet.setup_rows)
        raw.close()
    else:
        asyncio.run(RawPg(raw_url).fill(fleet.setup_rows))
    n = len(fleet.setup_rows)
    if cache:
        db.CACHE_DIR.mkdir(parents=True, exist_ok=True)
        world.save_fleet(fleet, meta, {"setup": url, "raw": raw_url})
    print(
        f"  setup: {n:,} ops pushed by the office in {fleet.setup_s:.1f} s"
        f" ({n / fleet.setup_s:,.0f} ops/s, batches of {world.SETUP_BATCH}),"
        f" {len(fleet.devices)} handhelds enrolled and signed in",
        flush=True,
    )
    return Setup(url, raw_url, fleet)


def run(
    dbs: db.Databases,
    s: Setup,
    work: world.Workload,
    variant: str,
    k: int,
    args: argparse.Namespace,
) -> Run:
    tag = f"{variant}_{k}"
    url = dbs.clone(s.url, f"run_{tag}")
    raw_url = dbs.clone(s.raw_url, f"raw_{tag}")
    wide = dbs.backend == "postgresql" and not args.smoke
    wide_url = dbs.clone(s.raw_url, f"wide_{tag}") if wide else None
    load = [loadavg()]
    procs, bases = serve(url, k, args)
    pids = [p.proc.pid for p in procs]
    fleet = s.fleet
    for d, h in enumerate(fleet.devices):
        h.base = bases[d % k]
    fleet.office.base = bases[0]
    pg = (PG_URL, db.db_name(url)) if dbs.backend == "postgresql" else (None, None)
    phase_set = set(args.phases.split(","))
    args.variant_now = variant
    try:
        out = asyncio.run(_drive(fleet, work, pids, pg, raw_url, wide_url, phase_set, args))
        if out.push.errors or (out.catch and out.catch.errors):
            _server_errors(procs)
    finally:
        for p in procs:
            p.stop()
    out.backend, out.variant, out.processes = dbs.backend, variant, k
    out.disk = asyncio.run(disk_of(url))
    out.raw_disk = asyncio.run(disk_of(raw_url))
    out.state = asyncio.run(state_size(url, fleet.warehouse))
    load.append(loadavg())
    out.load = load
    for u in (url, raw_url, wide_url):
        if u is not None and not args.keep:
            dbs.drop(u)
    return out


def _server_errors(procs: list[Process]) -> None:
    """The distinct errors the servers logged, and the first traceback (a 5xx is a server
    bug: show where it comes from)."""
    for p in procs:
        p.log.seek(0)
        lines = p.log.read().decode("utf-8", "replace").splitlines()
        errors = [ln.split("] ", 1)[-1] for ln in lines if "[error" in ln]
        print(f"  server {p.proc.pid} logged {len(errors)} errors; distinct:")
        for ln in dict.fromkeys(e[-300:] for e in errors):
            print(f"    {ln}")
        start = next((i for i, ln in enumerate(lines) if ln.startswith("Traceback")), None)
        if start is not None:
            end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in " T"), start)
            print("\n".join(f"    {ln}" for ln in lines[start : end + 1]))


async def _drive(
    fleet: world.Fleet,
    work: world.Workload,
    pids: list[int],
    pg: tuple[str | None, str | None],
    raw_url: str,
    wide_url: str | None,
    phase_set: set[str],
    args: argparse.Namespace,
) -> Run:
    idle = [rss(p) for p in pids]
    raw_sqlite = RawSqlite(raw_url) if raw_url.startswith("sqlite") else None
    raw_pg = None if raw_sqlite else RawPg(raw_url)
    # Raw first, then Packline: seconds apart on the same machine.
    raw_ms = [
        x * 1000
        for x in (
            raw_sqlite.ingest(work.raw_batches)
            if raw_sqlite
            else await raw_pg.ingest(work.raw_batches)
        )  # type: ignore[union-attr]
    ]
    raw = raw_sqlite or raw_pg
    assert raw is not None
    raw_cpu = {"push": raw.cpu.seconds}
    raw_wide = None
    if wide_url is not None:
        per_device = [work.raw_batches[d :: len(work.bodies)] for d in range(len(work.bodies))]
        raw_wide = await RawPg(wide_url).ingest_concurrent(per_device, 10)
    name = f"{'sqlite' if raw_sqlite else 'pg'}-{args.variant_now}-{len(pids)}"
    n = len(fleet.devices)
    # A client (connection pool) per phase: uvicorn closes connections idle for 5 s, and
    # the raw baselines run between the phases.
    async with _client(n) as client:
        with _spy.recording(pids, args.profile, f"{name}-push"):
            async with Meter(pids, *pg) as m:
                pushed = await phases.push(client, fleet, work, m, args.protocol)
    out = Run("", "", 0, work.ops, pushed, m.usage, raw_ms, raw_wide, idle_rss=idle)
    out.raw_cpu = raw_cpu
    if "catch-up" in phase_set:
        cursors = [fleet.checkpoint] * n
        out.raw_catch = (
            raw_sqlite.catch_up(fleet.warehouse, cursors, args.page)
            if raw_sqlite
            else await raw_pg.catch_up(fleet.warehouse, cursors, args.page)  # type: ignore[union-attr]
        )
        raw_cpu["catch-up"] = raw.cpu.seconds
        async with _client(n) as client:
            with _spy.recording(pids, args.profile, f"{name}-catch-up"):
                async with Meter(pids, *pg) as m:
                    out.catch = await phases.catch_up(client, fleet, args.page, m, args.protocol)
        out.catch_use = m.usage
    if "bootstrap" in phase_set:
        async with _client(n) as client:
            fresh = await phases.new_device(client, fleet)
            with _spy.recording(pids[:1], args.profile, f"{name}-bootstrap"):
                async with Meter(pids[:1], *pg) as m:
                    out.boot = await phases.bootstrap(client, fresh, args.boot_runs, args.protocol)
        out.boot_use = m.usage
        out.raw_boot = (
            raw_sqlite.bootstrap(fleet.warehouse)
            if raw_sqlite
            else await raw_pg.bootstrap(fleet.warehouse)  # type: ignore[union-attr]
        )
        raw_cpu["bootstrap"] = raw.cpu.seconds
    if raw_sqlite:
        raw_sqlite.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--batches", type=int, default=20, help="batches per device")
    parser.add_argument("--batch", type=int, default=100, help="ops per batch")
    parser.add_argument("--page", type=int, default=1000, help="catch-up page size")
    parser.add_argument("--random-parcels", action="store_true", help="scan random parcels")
    parser.add_argument("--also-random", action="store_true", help="both variants, one setup")
    parser.add_argument("--parcels", type=int, default=20_000, help="random-parcel pool")
    parser.add_argument("--processes", default="1", help="PostgreSQL: server processes, e.g. 1,2,4")
    parser.add_argument("--boot-runs", type=int, default=2)
    parser.add_argument("--phases", default="push,catch-up,bootstrap")
    parser.add_argument(
        "--protocol",
        type=lambda v: None if v == "none" else int(v),
        default=world.PROTOCOL,
        help=f"protocol version to send (default {world.PROTOCOL}; 'none': no version field)",
    )
    parser.add_argument(
        "--smoke", action="store_true", help="a ~20 s version (CI): small, nothing asserted"
    )
    parser.add_argument("--stmt-timings", metavar="DIR", help="serve through bench/_serve_timed.py")
    parser.add_argument("--profile", metavar="DIR", help="py-spy each phase (bench/_spy.py)")
    parser.add_argument("--keep", action="store_true", help="keep the run databases")
    parser.add_argument(
        "--setup-cache",
        action="store_true",
        help=f"keep the set-up databases (under {db.CACHE_DIR} or PostgreSQL databases"
        " packline_fleet_<backend>_<orders>_<devices>_*) and reuse them in later runs",
    )
    parser.add_argument("--json", metavar="FILE", help="append every run's figures as JSON lines")
    args = parser.parse_args()
    if args.smoke:
        args.orders, args.devices, args.batches, args.parcels = 1_000, 5, 2, 300
        args.boot_runs, args.processes = 1, "1"
    ks = [int(x) for x in args.processes.split(",")]
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    variants = ["random" if args.random_parcels else "own"] + (
        ["random"] if args.also_random else []
    )
    print(
        f"fleet: {args.orders:,} orders; {args.devices} devices x {args.batches} batches"
        f" x {args.batch} parcel.scan_out ops; pages of {args.page}; protocol"
        f" {args.protocol or 'none (v1 wire)'}; {_uptime()}",
        flush=True,
    )
    runs: list[Run] = []
    for backend in backends:
        if backend == "postgresql" and not pg_available():
            continue
        print(f"  == {backend}", flush=True)
        with db.databases(backend) as dbs:
            s = setup(dbs, args)
            for variant in dict.fromkeys(variants):
                pool = args.parcels if variant == "random" else None
                work = world.scans(s.fleet, args.batches, args.batch, args.protocol, pool)
                for k in ks if backend == "postgresql" else [1]:
                    r = run(dbs, s, work, variant, k, args)
                    report(r)
                    runs.append(r)
                    if args.json:
                        with open(args.json, "ab") as f:
                            f.write(msgspec.json.encode(r) + b"\n")
    summary(runs)
    print(f"  at the end: {_uptime()}")
    return 0


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    raise SystemExit(main())
