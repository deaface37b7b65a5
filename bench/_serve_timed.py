"""`packline serve`, with every sync statement and transaction step timed (profiling aid).

Usage: PACKLINE_BENCH_TIMINGS=/tmp/timings-{pid}.json python bench/_serve_timed.py serve ...
(`bench/fleet.py --stmt-timings DIR` starts its servers this way), then
       python bench/_serve_timed.py report DIR/timings-*.json

Wraps, in this process only, the sync connections' `execute` / `executemany` / `fetch`
(time per statement text, on the event loop or including the round trip to a SQLite
reader's thread or to PostgreSQL), the connector's write and read transactions (waiting
for the write lock or a pooled connection and BEGIN; the body; COMMIT), and the ingest's
steps. On exit it writes {name: [calls, total s, max s, rows]} as JSON. The server's
code is unchanged; the wrapped names are looked up where they live today and where the
restructuring moves them, and whatever is missing is skipped.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib
import json
import os
import signal
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from typing import Any

STATS: defaultdict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0])


def _note(name: str, seconds: float, rows: int = 0) -> None:
    s = STATS[name]
    s[0] += 1
    s[1] += seconds
    s[2] = max(s[2], seconds)
    s[3] += rows


def _key(sql: str) -> str:
    return " ".join(sql.split())[:110]


def _timed_method(cls: type, name: str, label: str) -> None:
    fn = getattr(cls, name)

    @functools.wraps(fn)
    async def wrapper(self: Any, sql: str, args: Any = ()) -> Any:
        start = time.perf_counter()
        out = await fn(self, sql, args)
        rows = len(args) if name == "executemany" else len(out) if isinstance(out, list) else 0
        _note(f"{label} {name} | {_key(sql)}", time.perf_counter() - start, rows)
        return out

    setattr(cls, name, wrapper)


def _timed_cm(cls: type, name: str, label: str) -> None:
    fn = getattr(cls, name)

    @contextlib.asynccontextmanager
    async def wrapper(self: Any, *a: Any, **kw: Any) -> AsyncIterator[Any]:
        t0 = time.perf_counter()
        async with fn(self, *a, **kw) as conn:
            t1 = time.perf_counter()
            _note(f"{label}: wait + begin", t1 - t0)
            try:
                yield conn
            finally:
                t2 = time.perf_counter()
                _note(f"{label}: body", t2 - t1)
        _note(f"{label}: commit", time.perf_counter() - t2)

    setattr(cls, name, wrapper)


def _timed_coro(cls: type, name: str, label: str) -> None:
    fn: Callable[..., Any] = getattr(cls, name)

    @functools.wraps(fn)
    async def wrapper(*a: Any, **kw: Any) -> Any:
        start = time.perf_counter()
        try:
            return await fn(*a, **kw)
        finally:
            _note(label, time.perf_counter() - start)

    setattr(cls, name, wrapper)


def _find(*modules: str) -> Any:
    for m in modules:
        with contextlib.suppress(ImportError):
            return importlib.import_module(m)
    return None


# Where each wrapped class lives: today's modules first, then older layouts.
_CONN_MODULES = ("server.db._sqlite", "server.db._connector", "server.db.conn", "server.sync.conn")


def _class(name: str) -> Any:
    for m in _CONN_MODULES:
        with contextlib.suppress(ImportError):
            cls = getattr(importlib.import_module(m), name, None)
            if cls is not None:
                return cls
    return None


def install() -> None:
    for cls_name, label in (
        ("SqliteConn", "sqlite write"),
        ("SqliteReadConn", "sqlite read"),
        ("PgConn", "pg"),
    ):
        cls = _class(cls_name)
        if cls is not None:
            for method in ("execute", "executemany", "fetch"):
                _timed_method(cls, method, label)
    connector = _class("Connector")
    if connector is not None:
        _timed_cm(connector, "write", "write transaction")
        _timed_cm(connector, "read", "read transaction")
    ingest = _find("server.sync.ingest")
    if ingest is not None:
        _timed_coro(ingest.Ingestor, "push", "ingest: push (whole)")
        _timed_coro(ingest.Ingestor, "_classify", "ingest: classify")
        _timed_coro(ingest.Ingestor, "_touched", "ingest: touched")
    mat = _find("server.sync.materialiser")
    if mat is not None:
        _timed_coro(mat.Materialiser, "refold", "fold: refold (whole)")
        _timed_coro(mat.Materialiser, "_catch_up", "fold: catch up + feed")
        write = getattr(mat, "_write", None)
        if write is not None:

            async def timed_write(*a: Any, **kw: Any) -> Any:
                start = time.perf_counter()
                try:
                    return await write(*a, **kw)
                finally:
                    _note("fold: write state + exceptions", time.perf_counter() - start)

            mat._write = timed_write
    reader = _find("server.sync.reader")
    if reader is not None:
        _timed_coro(reader.Reader, "pull", "reader: pull")
        _timed_coro(reader.Reader, "bootstrap", "reader: bootstrap")


def dump() -> None:
    path = os.environ.get("PACKLINE_BENCH_TIMINGS", "timings-{pid}.json").format(pid=os.getpid())
    with open(path, "w", encoding="utf-8") as f:
        json.dump(dict(STATS), f, indent=1, ensure_ascii=False)


def report(files: list[str], top: int = 40) -> None:
    """Sum the dumps of several processes and print the costliest entries."""
    total: defaultdict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0])
    for file in files:
        with open(file, encoding="utf-8") as f:
            for name, (calls, secs, worst, rows) in json.load(f).items():
                t = total[name]
                t[0] += calls
                t[1] += secs
                t[2] = max(t[2], worst)
                t[3] += rows
    print(f"{'total s':>9} {'calls':>7} {'mean ms':>8} {'max ms':>8} {'rows':>9}  what")
    for name, (calls, secs, worst, rows) in sorted(total.items(), key=lambda kv: -kv[1][1])[:top]:
        print(
            f"{secs:9.2f} {calls:7.0f} {secs / calls * 1000:8.2f} {worst * 1000:8.1f}"
            f" {rows:9.0f}  {name}"
        )


def main() -> int:
    if sys.argv[1:2] == ["report"]:
        report(sys.argv[2:])
        return 0
    install()
    atexit.register(dump)
    # uvicorn re-raises SIGTERM after its graceful shutdown, which skips atexit: dump first.
    raise_signal = signal.raise_signal

    def dump_then_raise(sig: int) -> None:
        dump()
        raise_signal(sig)

    signal.raise_signal = dump_then_raise
    from server.cli import main as cli_main

    sys.argv = ["packline", *sys.argv[1:]]
    result: int = cli_main()
    return result


if __name__ == "__main__":
    raise SystemExit(main())
