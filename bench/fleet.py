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
from dataclasses import dataclass, field
from pathlib import Path

import _fleet_phases as phases
import _fleet_world as world
import _spy
import httpx
import msgspec
from _common import PACKLINE, PG_URL, Process, free_port, percentiles, pg_available
from _fleet_probe import Disk, Meter, PhaseUsage, StateSize, disk_of, loadavg, rss, state_size
from _fleet_raw import RawBoot, RawPg, RawSqlite

TARGET_INGEST = 0.25  # of raw
TARGET_P95_MS = 250.0
TARGET_CATCH_UP = 1.5  # x raw
TARGET_BOOT = 3.0  # x raw
TARGET_BOOT_WIRE = 2_000_000
TARGET_RSS = 300 * 2**20
TARGET_DISK = 2.0  # x raw per op
MB = 1e6


@dataclass
class Setup:
    url: str
    raw_url: str
    fleet: world.Fleet


@dataclass
class Run:
    backend: str
    variant: str
    processes: int
    ops: int
    push: phases.PushFig
    push_use: PhaseUsage
    raw_ms: list[float]
    raw_wide_s: float | None
    catch: phases.CatchFig | None = None
    catch_use: PhaseUsage | None = None
    raw_catch: tuple[float, int] = (0.0, 0)
    boot: phases.BootFig | None = None
    boot_use: PhaseUsage | None = None
    raw_boot: RawBoot | None = None
    disk: Disk | None = None
    raw_disk: Disk | None = None
    state: StateSize | None = None
    idle_rss: list[int] = field(default_factory=list)
    load: list[str] = field(default_factory=list)
    raw_cpu: dict[str, float] = field(default_factory=dict)  # phase -> CPU s of the raw side


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


def setup(dbs: world.Databases, args: argparse.Namespace) -> Setup:
    cache = f"{dbs.backend}_{args.orders}_{args.devices}" if args.setup_cache else None
    meta = world.CACHE_DIR / f"{cache}.json"
    if cache and meta.exists():
        fleet, urls = world.load_fleet(meta)
        print(f"  setup: reusing {urls['setup']} and {urls['raw']} (--setup-cache)", flush=True)
        return Setup(urls["setup"], urls["raw"], fleet)
    url = dbs.new("setup", cache)
    code = world.prepare(url)
    assert code is not None
    wh = asyncio.run(world.warehouse_id(url))
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
    world.prepare(raw_url, with_manager=False)
    if asyncio.run(world.warehouse_id(raw_url)) != wh:
        raise SystemExit("raw database's warehouse id differs")
    if dbs.backend == "sqlite":
        raw = RawSqlite(raw_url)
        raw.fill(fleet.setup_rows)
        raw.close()
    else:
        asyncio.run(RawPg(raw_url).fill(fleet.setup_rows))
    n = len(fleet.setup_rows)
    if cache:
        world.CACHE_DIR.mkdir(parents=True, exist_ok=True)
        world.save_fleet(fleet, meta, {"setup": url, "raw": raw_url})
    print(
        f"  setup: {n:,} ops pushed by the office in {fleet.setup_s:.1f} s"
        f" ({n / fleet.setup_s:,.0f} ops/s, batches of {world.SETUP_BATCH}),"
        f" {len(fleet.devices)} handhelds enrolled and signed in",
        flush=True,
    )
    return Setup(url, raw_url, fleet)


def run(
    dbs: world.Databases,
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
    pg = (PG_URL, world.db_name(url)) if dbs.backend == "postgresql" else (None, None)
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


def _pct(values: list[float]) -> str:
    p50, p95, p99 = percentiles(values)
    top = max(values) if values else float("nan")
    return f"p50 {p50:,.0f}  p95 {p95:,.0f}  p99 {p99:,.0f}  max {top:,.0f} ms"


def _mb(n: float) -> str:
    return f"{n / MB:,.2f} MB"


IND = " " * 13


def _peak(r: Run) -> int:
    uses = [r.push_use, r.catch_use, r.boot_use]
    return max(max(u.peak_rss, default=0) for u in uses if u is not None)


def report(r: Run) -> None:
    print(f"  -- {r.backend}, {r.variant} parcels, {r.processes} process(es)")
    _report_push(r)
    if r.catch and r.catch_use:
        _report_catch_up(r.catch, r.catch_use, r.raw_catch)
        _cpu_ratio("catch-up", r.catch_use, r.raw_cpu.get("catch-up"), r.catch.pages, "page")
    if r.boot and r.boot_use and r.raw_boot:
        _report_bootstrap(r.boot, r.boot_use, r.raw_boot)
        _cpu_ratio("bootstrap", r.boot_use, r.raw_cpu.get("bootstrap"), len(r.boot.ms), "run")
    if r.state:
        st = r.state
        print(
            f"  state      {st.orders:,} order states: {_mb(st.body_bytes)},"
            f" {_mb(st.gzip_bytes)} gzipped; {st.open_orders:,} open (not shipped, delivered,"
            f" cancelled): {_mb(st.open_bytes)}, {_mb(st.open_gzip_bytes)} gzipped"
        )
    if r.disk and r.raw_disk:
        _report_disk(r.disk, r.raw_disk)
    print(
        f"  peak RSS   {_peak(r) / 2**20:,.0f} MB, largest server process, any phase"
        f"   [target < {TARGET_RSS / 2**20:.0f} MB]"
    )
    print(f"  load       before {r.load[0]}, after {r.load[-1]}", flush=True)


def _report_push(r: Run) -> None:
    p = r.push
    rate, raw_rate = r.ops / p.wall_s, r.ops / (sum(r.raw_ms) / 1000)
    print(
        f"  ingest     Packline {rate:>9,.0f} ops/s ({r.ops:,} ops in {p.wall_s:.1f} s)"
        f"   raw executemany {raw_rate:>9,.0f} rows/s   ratio {rate / raw_rate:6.1%}"
        f"   [target >= {TARGET_INGEST:.0%}]"
    )
    if r.raw_wide_s:
        wide = r.ops / r.raw_wide_s
        print(f"{IND}raw on 10 connections at once {wide:,.0f} rows/s (ratio {rate / wide:.1%})")
    print(f"  push       new batches   {_pct(p.new_ms)}   [target p95 < {TARGET_P95_MS:.0f} ms]")
    print(f"{IND}raw batches   {_pct(r.raw_ms)}")
    print(
        f"  retries    {len(p.retry_ms)} batches, {sum(p.retry_statuses.values()):,} ops:"
        f" {dict(p.retry_statuses)} in {sum(p.retry_ms) / 1000:.1f} s   {_pct(p.retry_ms)}"
    )
    print(f"{IND}first sends: {dict(p.statuses)}; errors: {len(p.errors)} {p.errors[:2]}")
    _usage("push", r.push_use)
    _cpu_ratio("push", r.push_use, r.raw_cpu.get("push"), r.ops, "op")
    tl = r.push_use.timeline
    if tl and r.ops:
        marks = []
        for q in (0.25, 0.5, 0.75, 1.0):
            hit = next((t for t in tl if t[1] >= q * r.ops), tl[-1])
            marks.append(f"{q:.0%} {hit[2] / 2**20:.0f} MB")
        idle = sum(r.idle_rss) / 2**20
        print(f"{IND}server RSS along the push (idle {idle:.0f} MB): {', '.join(marks)}")


def _report_catch_up(c: phases.CatchFig, use: PhaseUsage, raw: tuple[float, int]) -> None:
    raw_s, raw_ops = raw
    print(
        f"  catch-up   Packline {c.wall_s:6.1f} s for {c.ops:,} ops in {c.pages:,} pages"
        f" ({c.ops / c.wall_s:,.0f} ops/s)   raw SELECT {raw_s:.1f} s ({raw_ops:,} rows)"
        f"   ratio {c.wall_s / raw_s:.1f}x   [target <= {TARGET_CATCH_UP}x]"
    )
    print(
        f"{IND}{_mb(c.wire_bytes)} on the wire, {_mb(c.body_bytes)} JSON;"
        f" pages {_pct(c.page_ms)}; errors {len(c.errors)} {c.errors[:2]}"
    )
    _usage("catch-up", use)


def _report_bootstrap(b: phases.BootFig, use: PhaseUsage, rb: RawBoot) -> None:
    s = percentiles(b.ms, (50,))[0] / 1000
    print(
        f"  bootstrap  Packline {s:6.2f} s for {b.ops:,} ops + {b.exceptions:,} exceptions"
        f"   raw SELECT {rb.seconds:.2f} s   ratio {s / rb.seconds:.1f}x"
        f"   [target <= {TARGET_BOOT:.0f}x]"
    )
    print(
        f"{IND}{_mb(b.wire_bytes)} on the wire ({b.encoding}), {_mb(b.body_bytes)} JSON of which"
        f" exceptions {_mb(b.exception_bytes)}   [target <= {_mb(TARGET_BOOT_WIRE)} on the wire]"
    )
    print(
        f"{IND}first byte after {percentiles(b.ttfb_ms, (50,))[0]:,.0f} ms;"
        f" runs {', '.join(f'{x:,.0f}' for x in b.ms)} ms; raw rows as one JSON array"
        f" {_mb(rb.body_bytes)}, {_mb(rb.gzip_bytes)} gzipped (level 6, {rb.gzip_s:.2f} s)"
    )
    _usage("bootstrap", use)


def _report_disk(d: Disk, rd: Disk) -> None:
    per, raw_per = d.sync_bytes / d.ops, rd.sync_bytes / rd.ops
    tables = ", ".join(
        f"{t} {_mb(d.tables.get(t, 0))}"
        for t in ("op_log", "sync_entity", "sync_exception", "rejected_op")
    )
    print(
        f"  disk       Packline {_mb(d.total)} on disk; sync tables with indexes"
        f" {_mb(d.sync_bytes)} ({tables}) = {per:,.0f} B per stored op ({d.ops:,})"
    )
    print(
        f"{IND}raw {_mb(rd.total)} on disk; op_log {_mb(rd.sync_bytes)} = {raw_per:,.0f} B per"
        f" row ({rd.ops:,})   ratio {per / raw_per:.2f}x   [target <= {TARGET_DISK:.0f}x]"
    )
    if d.exceptions:
        json_each = d.exception_record_bytes / d.exceptions
        disk_each = d.tables.get("sync_exception", 0) / d.exceptions
        print(
            f"  exceptions {d.exceptions:,} records: {json_each:,.0f} B of JSON each,"
            f" {disk_each:,.0f} B each on disk with indexes"
        )


def _cpu_ratio(label: str, u: PhaseUsage, raw_cpu: float | None, units: int, unit: str) -> None:
    """CPU per unit of work, Packline (server + PostgreSQL) against the raw side: on a
    shared machine this moves less than wall time."""
    mine = u.server_cpu_s + u.db_cpu_s
    if not raw_cpu or not units:
        return
    print(
        f"{IND}{label} CPU per {unit}: Packline {mine / units * 1e6:,.0f} us (server + database)"
        f"   raw {raw_cpu / units * 1e6:,.0f} us   ratio {mine / raw_cpu:.1f}x"
    )


def _usage(label: str, u: PhaseUsage) -> None:
    print(f"             {label}: {u.cpu_line()}; {u.rss_line()}")
    if u.pg_waits:
        print(f"             {u.waits_line()}")


def summary(runs: list[Run]) -> None:
    print(
        "\n  | backend | parcels | procs | ingest ops/s | raw rows/s | ratio | push p95 ms"
        " | catch-up x raw | bootstrap s (x raw) | boot wire MB | peak RSS MB | disk/op x raw |"
    )
    print("  |---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        rate = r.ops / r.push.wall_s
        raw_rate = r.ops / (sum(r.raw_ms) / 1000)
        catch = f"{r.catch.wall_s / r.raw_catch[0]:.1f}" if r.catch else "-"
        if r.boot and r.raw_boot:
            b = percentiles(r.boot.ms, (50,))[0] / 1000
            boot = f"{b:.2f} ({b / r.raw_boot.seconds:.1f}x)"
            wire = f"{r.boot.wire_bytes / MB:.2f}"
        else:
            boot = wire = "-"
        peak = _peak(r)
        disk = (
            f"{(r.disk.sync_bytes / r.disk.ops) / (r.raw_disk.sync_bytes / r.raw_disk.ops):.2f}"
            if r.disk and r.raw_disk
            else "-"
        )
        print(
            f"  | {r.backend} | {r.variant} | {r.processes} | {rate:,.0f} | {raw_rate:,.0f}"
            f" | {rate / raw_rate:.1%} | {percentiles(r.push.new_ms)[1]:,.0f} | {catch} | {boot}"
            f" | {wire} | {peak / 2**20:,.0f} | {disk} |"
        )


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
        help=f"keep the set-up databases (under {world.CACHE_DIR} or PostgreSQL databases"
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
        with world.databases(backend) as dbs:
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
