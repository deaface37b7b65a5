"""Run every benchmark script under bench/ and print what each one prints (`make bench`).

Usage: uv run python bench/run_all.py [--smoke] [NAME ...]   (e.g. push_ingest fleet)

A benchmark is a bench/*.py script with a `main()` run under `if __name__ == "__main__"`;
helpers (`_common.py`, the trace generator) and this file are skipped. Each runs in its
own process, so one cannot skew another's figures through a warm cache or a leftover
event loop. The exit status is non-zero if any script fails.

`--smoke` runs only the benchmarks that have a short version (a `--smoke` option, e.g.
`fleet`), with it: figures printed, nothing timed asserted; what CI can afford.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = ["sync_replay", "push_ingest", "push_latency", "bootstrap_size", "print_wave", "fleet"]
SKIP = {"sync_trace"}  # builds the trace sync_replay replays (and is called by it)
TIMEOUT_S = 900
# Full size, both databases: 100,000 orders set up twice, then 100,000 pushed ops, 5,000,000
# caught up and a bootstrap on each (see bench/fleet.py).
TIMEOUTS = {"fleet": 5400}


def has_smoke(script: Path) -> bool:
    return '"--smoke"' in script.read_text(encoding="utf-8")


def scripts() -> list[Path]:
    found = {
        p.stem: p
        for p in HERE.glob("*.py")
        if not p.name.startswith("_")
        and p.name != Path(__file__).name
        and p.stem not in SKIP
        and "def main(" in (text := p.read_text(encoding="utf-8"))
        and '__name__ == "__main__"' in text
    }
    order = [n for n in FIRST if n in found] + sorted(set(found) - set(FIRST))
    return [found[n] for n in order]


def main() -> int:
    smoke = "--smoke" in sys.argv[1:]
    wanted = {a for a in sys.argv[1:] if a != "--smoke"}
    chosen = [p for p in scripts() if not wanted or p.stem in wanted]
    if wanted - {p.stem for p in chosen}:
        print(f"unknown benchmark(s): {', '.join(sorted(wanted - {p.stem for p in chosen}))}")
        return 2
    if smoke:
        chosen = [p for p in chosen if has_smoke(p)]
    failed: list[str] = []
    total = time.monotonic()
    for script in chosen:
        print(f"== {script.name}", flush=True)
        start = time.monotonic()
        timeout = TIMEOUT_S if smoke else TIMEOUTS.get(script.stem, TIMEOUT_S)
        argv = [sys.executable, str(script), *(["--smoke"] if smoke else [])]
        try:
            code = subprocess.run(argv, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            code = -1
            print(f"   timed out after {timeout} s")
        print(f"== {script.name}: exit {code}, {time.monotonic() - start:.0f} s\n", flush=True)
        if code != 0:
            failed.append(script.name)
    print(f"{len(chosen)} benchmarks in {time.monotonic() - total:.0f} s", end="")
    print(f"; failed: {', '.join(failed)}" if failed else "; all ran")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
