"""Run the real `packline` console script as a subprocess, the way users and CI run it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

PACKLINE = str(Path(sys.executable).with_name("packline"))
# How long a server may take to answer /api/health. Generous, as LiveServer's: under
# pytest-xdist several servers import at once on 2 cores, and 30 s was seen to run out.
HEALTHY_WITHIN_S = 90.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PACKLINE, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@contextmanager
def _process(
    command: str, port: int, argv: list[str], env: dict[str, str] | None, within: float
) -> Iterator[tuple[str, int]]:
    """Start `packline <command>`, yield (base URL, pid) once /api/health answers, stop it.

    Output goes to a file, not a pipe: nobody reads a pipe while the test runs, and a chatty
    server would block on a full pipe buffer and hang the test.
    """
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [PACKLINE, command, "--port", str(port), *argv],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **(env or {})},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + within
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"packline {command} exited {proc.returncode}: {log.read()}")
                try:
                    if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    log.seek(0)
                    raise TimeoutError(
                        f"packline {command} did not become healthy in {within:.0f} s:"
                        f" {log.read()[-2000:]}"
                    )
                time.sleep(0.2)
            yield base, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def serving(
    database_url: str, *extra: str, env: dict[str, str] | None = None, port: int | None = None
) -> Iterator[str]:
    """Yield the base URL of a `packline serve` process once /api/health answers."""
    argv = ["--database", database_url, *extra]
    with _process("serve", port or free_port(), argv, env, HEALTHY_WITHIN_S) as (base, _pid):
        yield base


@contextmanager
def serving_demo(db: Path) -> Iterator[tuple[str, int]]:
    """`packline demo` (demo mode: code-less enrolment) on an already loaded demo database:
    (base URL, server pid), the pid so a test can read the server's own memory."""
    argv = ["--database", f"sqlite:///{db}"]
    with _process("demo", free_port(), argv, None, HEALTHY_WITHIN_S) as started:
        yield started
