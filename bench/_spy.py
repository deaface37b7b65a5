"""py-spy on the server processes during each timed phase of the fleet bench (profiling aid).

`bench/fleet.py --profile DIR` records each phase of each server process into
DIR/<run>-<phase>-<pid>.txt (py-spy's collapsed "raw" format: one stack per line and its
sample count) when `py-spy` is on PATH, e.g.
`uv run --with py-spy python bench/fleet.py --profile /tmp/prof`. py-spy is not a project
dependency. `python bench/_spy.py [--only FRAME] FILE...` prints the top frames of
recordings: self time by function and line, inclusive time by function.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def recording(pids: list[int], out_dir: str | None, name: str) -> Iterator[None]:
    exe = shutil.which("py-spy") if out_dir else None
    if not exe or not out_dir:
        yield
        return
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    procs = [
        subprocess.Popen(
            [
                exe,
                "record",
                "--pid",
                str(pid),
                "--format",
                "raw",
                "--rate",
                "100",
                "--nonblocking",
                "--output",
                str(Path(out_dir) / f"{name}-{pid}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in pids
    ]
    try:
        yield
    finally:
        for p in procs:
            p.send_signal(signal.SIGINT)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def _frame(f: str) -> str:
    # "function (path/to/module.py:123)" -> "function (module.py)"
    fn, _, where = f.partition(" (")
    mod = where.rsplit("/", 1)[-1].split(":")[0]
    return f"{fn} ({mod})"


def top(files: list[str], n: int = 30, only: str = "") -> None:
    """`only`: keep the stacks with a frame containing it (e.g. `run_forever`, the event
    loop's thread; SQLite reader threads and idle pool workers are then left out)."""
    self_t: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    total = 0
    for file in files:
        for line in Path(file).read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack:
                continue
            k = int(count)
            if only and only not in stack:
                continue
            frames = stack.split(";")
            total += k
            self_t[_frame(frames[-1])] += k
            lines[frames[-1]] += k
            for f in set(map(_frame, frames)):
                incl[f] += k
    print(f"{total:,} samples")
    print("self time by function:")
    for f, k in self_t.most_common(n):
        print(f"  {k / total:6.1%}  {f}")
    print("self time by line:")
    for f, k in lines.most_common(n):
        print(f"  {k / total:6.1%}  {f}")
    print("inclusive time by function:")
    for f, k in incl.most_common(n * 2):
        print(f"  {k / total:6.1%}  {f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    only = ""
    if args[:1] == ["--only"]:
        only, args = args[1], args[2:]
    top(args, only=only)
