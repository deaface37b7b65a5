"""The pick screen on a slow phone: wedge Enter -> painted scan result, and a 500-line pick
list rendered, in real Chromium with the CPU slowed 4x (CDP Emulation.setCPUThrottlingRate).

bench/pick_scan.tsx is bundled with esbuild and loaded into a 360x640 page with the app's
stylesheet. Its local state is a LocalReplica of 2,000 printed orders in one wave over 500
SKUs (so the wave's pick list has 500 lines). The scan figure: real key events (CDP) typed as
a wedge scanner would, from the Enter's own timestamp to the first frame painted after the
result (requestAnimationFrame, then a task); the handler is the screen's path (useScanner,
the plan of pick/plan.ts, the core's verdict, PickBanner). Its baseline, in the same page
and run, interleaved: the same keys with an empty handler (it only bumps a counter). The list
figure: from render() to the painted frame, against rendering an empty list. Not included:
the op's IndexedDB write, which the screen starts after the result is painted.

Targets (issue 12): scan median under 50 ms, list under 200 ms.

Usage: uv run python bench/pick_scan.py [--orders 2000] [--skus 500] [--scans 60] [--rounds 10]
       uv run python bench/pick_scan.py --smoke   # fewer samples, no targets (CI)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.chromium import CHROMIUM, FLAGS, PHONE  # noqa: E402

SCAN_TARGET_MS = 50.0
LIST_TARGET_MS = 200.0
ORIGIN = "http://bench.localhost"


def bundle(out: Path) -> None:
    subprocess.run(
        [
            "npx",
            "--no-install",
            "esbuild",
            str(ROOT / "bench" / "pick_scan.tsx"),
            "--bundle",
            "--format=iife",
            "--global-name=bench",
            "--target=es2022",
            "--jsx=automatic",
            "--jsx-import-source=preact",
            "--loader:.css=empty",
            "--external:*?url",  # the camera's zxing WASM: never loaded by the bench
            f"--outfile={out}",
            "--log-level=warning",
        ],
        cwd=ROOT / "pwa",
        check=True,
        # bench/ has no node_modules: preact and friends resolve from the PWA's
        env={**os.environ, "NODE_PATH": str(ROOT / "pwa" / "node_modules")},
    )


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def measure(script: Path, args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import Route, sync_playwright

    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>b</title>")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport=PHONE, locale="zh-CN")
            page.route(f"{ORIGIN}/**", serve)
            page.goto(f"{ORIGIN}/")
            page.add_style_tag(content=(ROOT / "pwa/src/styles.css").read_text(encoding="utf-8"))
            page.add_script_tag(content=script.read_text(encoding="utf-8"))
            built: dict[str, Any] = page.evaluate(
                "o => bench.build(o)", {"orders": args.orders, "skus": args.skus}
            )
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.throttle})
            page.evaluate("bench.mountScan()")
            skus: list[str] = built["skus"]
            for i in range(args.scans * 2 + 4):  # interleaved: baseline, screen, baseline, ...
                page.evaluate("m => bench.setMode(m)", "empty" if i % 2 == 0 else "pick")
                page.keyboard.type(skus[i % len(skus)], delay=0)
                page.keyboard.press("Enter")
                page.wait_for_timeout(150)
            samples: list[dict[str, Any]] = page.evaluate("bench.takeSamples()")[4:]  # warm-up
            lists: dict[str, Any] = page.evaluate("n => bench.renderList(n)", args.rounds)
            replan: list[float] = page.evaluate("n => bench.replan(n)", args.rounds)
            heap = page.evaluate("bench.heapMb()")
        finally:
            browser.close()
    return {"built": built, "samples": samples, "lists": lists, "replan": replan, "heap": heap}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=2_000)
    parser.add_argument("--skus", type=int, default=500)
    parser.add_argument("--scans", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--throttle", type=float, default=4.0)
    parser.add_argument("--smoke", action="store_true", help="few samples, no targets (CI)")
    args = parser.parse_args()
    if args.smoke:
        args.scans, args.rounds = 8, 2
    with tempfile.TemporaryDirectory(prefix="packline-bench-") as tmp:
        script = Path(tmp) / "pick_scan.js"
        bundle(script)
        r = measure(script, args)

    b = r["built"]
    scan = [s["ms"] for s in r["samples"] if s["mode"] == "pick"]
    base = [s["ms"] for s in r["samples"] if s["mode"] == "empty"]
    kinds = sorted({s["kind"] for s in r["samples"] if s["mode"] == "pick"})
    lst, full, empty = r["lists"]["list"], r["lists"]["full"], r["lists"]["empty"]
    print(
        f"pick screen, Chromium, CPU slowed {args.throttle:g}x, 360x640: {b['orders']:,} orders "
        f"({b['ops']:,} ops) in local state, a wave of {b['lines']} pick lines; "
        f"first fold {b['buildMs']:.0f} ms (unthrottled)"
    )
    print(f"  {'':42}{'median':>10}{'p95':>10}{'max':>10}")
    rows = [
        ("wedge Enter -> painted result", scan, f"({len(scan)} scans, results {kinds})"),
        ("  baseline: empty handler, same keys", base, f"({len(base)} scans)"),
        (
            f"pick list, first screen ({r['lists']['firstRows']} rows)",
            lst,
            f"({len(lst)} renders)",
        ),
        (f"  every row of it ({r['lists']['rows']} rows)", full, "(the rest in steps)"),
        ("  baseline: render an empty list", empty, f"({len(empty)} renders)"),
        ("re-plan the wave after a change", r["replan"], "(once per local change, not per scan)"),
    ]
    for name, xs, note in rows:
        print(
            f"  {name:42}{statistics.median(xs):>8.1f}ms{pct(xs, 95):>8.1f}ms"
            f"{max(xs):>8.1f}ms   {note}"
        )
    heap = f"{r['heap']:.0f} MB" if r["heap"] is not None else "n/a"
    print(f"  JS heap after the run {heap}; disk: none (the bench keeps its state in memory)")
    result = {
        "scan_median_ms": statistics.median(scan),
        "scan_baseline_median_ms": statistics.median(base),
        "list_median_ms": statistics.median(lst),
        "list_all_rows_median_ms": statistics.median(full),
        "list_baseline_median_ms": statistics.median(empty),
    }
    print("result " + json.dumps(result))
    if args.smoke:
        return 0
    ok = result["scan_median_ms"] < SCAN_TARGET_MS and result["list_median_ms"] < LIST_TARGET_MS
    verdict = "met" if ok else "MISSED"
    print(f"targets: scan < {SCAN_TARGET_MS:g} ms, list < {LIST_TARGET_MS:g} ms: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
