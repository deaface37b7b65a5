"""Replay the synthetic warehouse day (bench/sync_trace.py) through the sync core.

Loops over the same canonical JSON lines, best of --runs:
  merge                  decode + Replica.apply + snapshot() (fold, checks, exceptions):
                         the full replay, the figure the targets are about
  decode-only baseline   decode every op (what any consumer of the trace must pay)
  materialise alone      Replica.apply + snapshot() over already decoded ops
Then, if Node is installed, the TypeScript twin runs the same trace (bench/sync_replay.ts)
and both snapshot checksums are compared: the two cores must agree on the whole day (the
exit status is 1 only if they do not). Targets on the 2-core reference machine: Python
merge >= 100,000 ops/s, TypeScript merge >= 500,000 ops/s.

Usage: uv run python bench/sync_replay.py [--runs 5] [--no-ts]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync_trace import ensure  # noqa: E402

from sync import Op, Replica, decode_json  # noqa: E402

PY_TARGET = 100_000
TS_TARGET = 500_000


def best_of(runs: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """Fastest wall time of `runs` calls (gc paused while timing, as the core does)."""
    best, result = float("inf"), None
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
        result_keep = result
        del result
        result = result_keep
    return best, result


def line(lang: str, merge: float, base: float, alone: float, target: int) -> str:
    verdict = "ok" if merge >= target else "BELOW TARGET"
    return (
        f"{lang:<10} merge {merge:>9,.0f} ops/s   (decode-only baseline {base:>9,.0f} ops/s;"
        f" materialise alone {alone:>9,.0f} ops/s)   target {target:,}: {verdict}"
    )


def replay(lines: list[bytes], horizon: int) -> Replica:
    replica = Replica(horizon)
    replica.apply(map(decode_json, lines))
    replica.snapshot()
    return replica


def materialise_only(ops: list[Op], horizon: int) -> Replica:
    replica = Replica(horizon)
    replica.apply(ops)
    replica.snapshot()
    return replica


def run_ts(trace: Path) -> str | None:
    """Output of the TypeScript bench, or None when Node/tsx is unavailable."""
    npx = shutil.which("npx")
    if npx is None or shutil.which("node") is None:
        print("node not found: skipping the TypeScript bench")
        return None
    cmd = [npx, "--no-install", "tsx", str(ROOT / "bench" / "sync_replay.ts"), str(trace)]
    proc = subprocess.run(cmd, cwd=ROOT / "pwa", capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"TypeScript bench failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
        return None
    return proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="best of this many (default 5)")
    parser.add_argument("--no-ts", action="store_true", help="skip the TypeScript bench")
    args = parser.parse_args()

    trace, meta = ensure()
    lines = trace.read_bytes().splitlines()
    n = len(lines)
    horizon = meta["horizon"]
    print(f"trace: {n:,} ops, {meta['orders']:,} orders ({trace.relative_to(ROOT)})")

    t_dec, ops = best_of(args.runs, lambda: list(map(decode_json, lines)))
    t_mat, _ = best_of(args.runs, lambda: materialise_only(ops, horizon))
    t_all, replica = best_of(args.runs, lambda: replay(lines, horizon))
    digest = hashlib.sha256(replica.snapshot_json()).hexdigest()
    excs: dict[str, int] = {}
    for r in replica.exceptions():
        excs[r.kind] = excs.get(r.kind, 0) + 1
    print(f"python snapshot sha256 {digest[:16]}…  exceptions {dict(sorted(excs.items()))}")
    results = [line("python", n / t_all, n / t_dec, n / t_mat, PY_TARGET)]

    ok = True
    if not args.no_ts:
        out = run_ts(trace)
        if out is not None:
            ts_line = next(x for x in out.splitlines() if x.startswith("typescript"))
            ts_digest = next(x for x in out.splitlines() if x.startswith("sha256 ")).split()[1]
            results.append(ts_line)
            ok = ts_digest == digest
            print(f"typescript snapshot sha256 {ts_digest[:16]}…  identical to python: {ok}")
    print()
    for r in results:
        print(r)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
