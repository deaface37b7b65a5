"""The fleet bench's figures: one run's measurements (`Run`) and how they are printed,
each beside its raw baseline and the issue's target; then a summary table of all runs."""

from __future__ import annotations

from dataclasses import dataclass, field

import _fleet_phases as phases
from _common import percentiles
from _fleet_probe import Disk, PhaseUsage, StateSize
from _fleet_raw import RawBoot

TARGET_INGEST = 0.25  # of raw
TARGET_P95_MS = 250.0
TARGET_CATCH_UP = 1.5  # x raw
TARGET_BOOT = 3.0  # x raw
TARGET_BOOT_WIRE = 2_000_000
TARGET_RSS = 300 * 2**20
TARGET_DISK = 2.0  # x raw per op
MB = 1e6


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
    print(
        f"{IND}back-pressure: {p.deferred} answers 429 (waited out, sent again);"
        f" every request {_pct(p.request_ms)}"
    )
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
