"""Run every benchmark script under bench/ and print what each one prints (`make bench`).

Usage: uv run python bench/run_all.py [NAME ...]   (e.g. push_ingest bootstrap_size)

A benchmark is a bench/*.py script with a `main()` run under `if __name__ == "__main__"`;
helpers (`_common.py`, the trace generator) and this file are skipped. Each runs in its
own process, so one cannot skew another's figures through a warm cache or a leftover
event loop. The exit status is non-zero if any script fails.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = ["sync_replay", "push_ingest", "push_latency", "bootstrap_size", "print_wave"]
SKIP = {"sync_trace"}  # builds the trace sync_replay replays (and is called by it)
TIMEOUT_S = 900


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
    wanted = set(sys.argv[1:])
    chosen = [p for p in scripts() if not wanted or p.stem in wanted]
    if wanted - {p.stem for p in chosen}:
        print(f"unknown benchmark(s): {', '.join(sorted(wanted - {p.stem for p in chosen}))}")
        return 2
    failed: list[str] = []
    total = time.monotonic()
    for script in chosen:
        print(f"== {script.name}", flush=True)
        start = time.monotonic()
        try:
            code = subprocess.run([sys.executable, str(script)], timeout=TIMEOUT_S).returncode
        except subprocess.TimeoutExpired:
            code = -1
            print(f"   timed out after {TIMEOUT_S} s")
        print(f"== {script.name}: exit {code}, {time.monotonic() - start:.0f} s\n", flush=True)
        if code != 0:
            failed.append(script.name)
    print(f"{len(chosen)} benchmarks in {time.monotonic() - total:.0f} s", end="")
    print(f"; failed: {', '.join(failed)}" if failed else "; all ran")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
