"""Replay the synthetic warehouse day (bench/sync_trace.py) through the sync core.

Three loops over the same canonical JSON lines, each timed --runs times (best and median):
  decode-only baseline   decode every op (what any consumer of the trace must pay)
  merge                  Replica.apply + snapshot() over already decoded ops: the fold with
                         its invariant checks and exception queue (the figure the targets
                         are about)
  full replay            decode + Replica.apply + snapshot()
Then, if Node is installed, the TypeScript twin runs the same three loops on the same
trace (bench/sync_replay.ts) and both snapshot checksums are compared: the two cores must
agree byte for byte on the whole day (the exit status is 1 only if they do not). Targets
on the 2-core reference machine: Python merge >= 100,000 ops/s, TypeScript merge >=
500,000 ops/s (best of the runs; the median is printed next to it).

Usage: uv run python bench/sync_replay.py [--runs 5] [--no-ts]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync_trace import ensure  # noqa: E402

from sync import Op, Replica, decode_json  # noqa: E402

PY_TARGET = 100_000
TS_TARGET = 500_000
FIGURES = (("decode", "decode-only baseline"), ("merge", "merge"), ("full", "full replay"))


def timed(runs: int, fn: Callable[[], Any]) -> tuple[list[float], Any]:
    """Wall times of `runs` calls (gc paused while timing, as the core does in batches)."""
    times: list[float] = []
    result = None
    for _ in range(runs):
        result = None  # let the previous run's state go before the next one is built
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t0)
        finally:
            gc.enable()
    return times, result


def rates(n: int, times: list[float]) -> dict[str, float]:
    return {"best": n / min(times), "median": n / statistics.median(times)}


def table(lang: str, result: dict[str, Any], target: int) -> list[str]:
    out = []
    for key, label in FIGURES:
        best, median = result[key]["best"], result[key]["median"]
        out.append(
            f"{lang:<10} {label:<20} best {best:>9,.0f} ops/s   median {median:>9,.0f} ops/s"
        )
    verdict = "ok" if result["merge"]["best"] >= target else "BELOW TARGET"
    out.append(f"{lang:<10} merge target {target:,} ops/s: {verdict}")
    return out


def materialise_only(ops: Iterable[Op], horizon: int) -> Replica:
    """Replica.apply + snapshot(); given a lazy decode of the lines, the full replay."""
    replica = Replica(horizon)
    replica.apply(ops)
    replica.snapshot()
    return replica


def run_ts(trace: Path, runs: int) -> str | None:
    """Output of the TypeScript bench, or None when Node/tsx is unavailable."""
    npx = shutil.which("npx")
    if npx is None or shutil.which("node") is None:
        print("node not found: skipping the TypeScript bench")
        return None
    script = str(ROOT / "bench" / "sync_replay.ts")
    cmd = [npx, "--no-install", "tsx", script, str(trace), "--runs", str(runs)]
    proc = subprocess.run(cmd, cwd=ROOT / "pwa", capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"TypeScript bench failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
        return None
    return proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per loop (default 5)")
    parser.add_argument("--no-ts", action="store_true", help="skip the TypeScript bench")
    args = parser.parse_args()

    trace, meta = ensure()
    lines = trace.read_bytes().splitlines()
    n = len(lines)
    horizon = meta["horizon"]
    print(f"trace: {n:,} ops, {meta['orders']:,} orders ({trace.relative_to(ROOT)})")

    t_dec, ops = timed(args.runs, lambda: list(map(decode_json, lines)))
    t_mat, _ = timed(args.runs, lambda: materialise_only(ops, horizon))
    t_all, replica = timed(args.runs, lambda: materialise_only(map(decode_json, lines), horizon))
    py = {"decode": rates(n, t_dec), "merge": rates(n, t_mat), "full": rates(n, t_all)}
    digest = hashlib.sha256(replica.snapshot_json()).hexdigest()
    excs: dict[str, int] = {}
    for r in replica.exceptions():
        excs[r.kind] = excs.get(r.kind, 0) + 1
    print(f"python snapshot sha256 {digest[:16]}…  exceptions {dict(sorted(excs.items()))}")
    results = table("python", py, PY_TARGET)

    ok = True
    if not args.no_ts:
        out = run_ts(trace, args.runs)
        if out is not None:
            rows = out.splitlines()
            ts = json.loads(next(x for x in rows if x.startswith("result "))[len("result ") :])
            ts_digest = next(x for x in rows if x.startswith("sha256 ")).split()[1]
            if ts["ops"] != n:
                print(f"typescript replayed {ts['ops']:,} ops, python {n:,}")
                ok = False
            results += table("typescript", ts, TS_TARGET)
            ok = ok and ts_digest == digest
            print(f"typescript snapshot sha256 {ts_digest[:16]}…  identical to python: {ok}")
    print(f"\n{n:,} ops, {args.runs} timed runs per figure")
    for r in results:
        print(r)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
