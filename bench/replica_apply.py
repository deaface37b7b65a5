"""The PWA's local state in real Chromium: one new op applied and the view made current,
against refolding everything, in the same page.

A synthetic warehouse day (10,000 orders, 100,000 ops: creates, labels, picks, status steps,
scan-outs, flagged notes, address changes, holds) is folded once by the PWA's LocalReplica
(pwa/src/view/replica.ts, the core's Replica plus the local view every screen reads). Then
ops arrive one at a time (scans, duplicate scans, address changes, holds) and each is timed
from `feed([op])` to a current view: the figure. The baseline, in the same page and run: the
same state folded from scratch. A second baseline is the view as the PWA made it per change
before issue 10: the fold kept, but snapshot() and the label and by-op indexes rebuilt over
every order. Targets: under 5 ms per op at the median and at p95, and at least 100x faster
than the refold.

bench/replica_apply.ts is bundled with esbuild (tsx's) and run in Debian's Chromium through
Playwright with the browser tests' flags. The JS heap after the run is printed too.

Usage: uv run python bench/replica_apply.py [--orders 10000] [--samples 500] [--refolds 5]
       uv run python bench/replica_apply.py --smoke     # 1,000 orders, a few samples, for CI
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.chromium import CHROMIUM, FLAGS  # noqa: E402

TARGET_MS = 5.0
TARGET_SPEEDUP = 100.0


def bundle(out: Path) -> None:
    subprocess.run(
        [
            "npx",
            "--no-install",
            "esbuild",
            str(ROOT / "bench" / "replica_apply.ts"),
            "--bundle",
            "--format=iife",
            "--global-name=bench",
            "--target=es2022",
            f"--outfile={out}",
            "--log-level=warning",
        ],
        cwd=ROOT / "pwa",
        check=True,
    )


# A cross-origin-isolated page: only there does Chromium's performance.now() tick in 5 us
# steps instead of 100 us, which one op's apply is well below. Served by Playwright itself.
ORIGIN = "http://bench.localhost"
ISOLATED = {
    "Content-Type": "text/html; charset=utf-8",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
}


def measure(script: Path, options: dict[str, int]) -> dict[str, Any]:
    from playwright.sync_api import Route, sync_playwright

    def serve(route: Route) -> None:
        route.fulfill(status=200, headers=ISOLATED, body="<!doctype html><title>bench</title>")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page()
            page.route(f"{ORIGIN}/**", serve)
            page.goto(f"{ORIGIN}/")
            assert page.evaluate("crossOriginIsolated"), "the page must be cross-origin isolated"
            page.add_script_tag(content=script.read_text(encoding="utf-8"))
            result: dict[str, Any] = page.evaluate("o => bench.run(o)", options)
        finally:
            browser.close()
    return result


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--per-order", type=int, default=10)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--refolds", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="tiny run for CI; no targets")
    args = parser.parse_args()
    if args.smoke:
        args.orders, args.samples, args.refolds = 1_000, 30, 2
    options = {
        "orders": args.orders,
        "perOrder": args.per_order,
        "samples": args.samples,
        "refolds": args.refolds,
    }
    with tempfile.TemporaryDirectory(prefix="packline-bench-") as tmp:
        script = Path(tmp) / "replica_apply.js"
        bundle(script)
        r = measure(script, options)

    apply_med, apply_p95 = statistics.median(r["apply"]), pct(r["apply"], 95)
    refold_med = statistics.median(r["refold"])
    speedup = refold_med / apply_med if apply_med > 0 else float("inf")
    print(
        f"replica apply, Chromium: {r['orders']:,} orders, {r['ops']:,} ops, "
        f"{r['exceptions']} open exceptions; first fold {r['buildMs']:.0f} ms"
    )
    print(f"  {'':34}{'median':>10}{'p95':>10}{'max':>10}")
    print(
        f"  {'one op applied, view current':34}{apply_med:>8.3f}ms{apply_p95:>8.3f}ms"
        f"{max(r['apply']):>8.3f}ms   ({len(r['apply'])} ops)"
    )
    print(
        f"  {'baseline: refold everything':34}{refold_med:>8.1f}ms{pct(r['refold'], 95):>8.1f}ms"
        f"{max(r['refold']):>8.1f}ms   ({len(r['refold'])} refolds)"
    )
    print(
        f"  {'before: re-snapshot + indexes':34}{statistics.median(r['resnapshot']):>8.1f}ms"
        f"{pct(r['resnapshot'], 95):>8.1f}ms{max(r['resnapshot']):>8.1f}ms"
        f"   ({len(r['resnapshot'])} ops, the per-change view before issue 10)"
    )
    heap = f"{r['heapMb']:.0f} MB" if r["heapMb"] is not None else "n/a"
    print(f"  speed-up {speedup:,.0f}x; JS heap after the run {heap}")
    print(
        "result "
        + json.dumps(
            {
                "apply_median_ms": apply_med,
                "apply_p95_ms": apply_p95,
                "refold_median_ms": refold_med,
                "speedup": speedup,
            }
        )
    )
    if args.smoke:
        return 0
    ok = apply_med < TARGET_MS and apply_p95 < TARGET_MS and speedup >= TARGET_SPEEDUP
    print(
        f"  targets: median and p95 < {TARGET_MS:g} ms, >= {TARGET_SPEEDUP:g}x the refold: "
        + ("met" if ok else "MISSED")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
