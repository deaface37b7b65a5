"""Parse an upload in a child process with a memory cap and a time limit, off the event loop.

Parsing a spreadsheet is CPU-bound and its memory is decided by the file: on the event loop
a hostile workbook froze every request of the warehouse for minutes (issue 9, finding 11).
Here a fresh process (spawned, so it shares no threads or sockets with the server) sets
RLIMIT_AS, runs `parse_upload` (the streaming caps of `guard`, then the parser) and sends
the result back through a pipe. The server waits in a thread; if the child overruns its time it is
killed, and if it runs out of memory it dies alone. Either way the client gets a clear 4xx.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from server.orders.layouts import Layout
from server.orders.readers import FileFormatError
from server.orders.upload import Parsed, parse_upload

MEMORY_BYTES = 1024 * 1024 * 1024  # address space of the child, interpreter included
TIME_S = 120.0
_ERROR_CHARS = 500


@dataclass(frozen=True, slots=True)
class Limits:
    memory_bytes: int = MEMORY_BYTES
    time_s: float = TIME_S


class ImportTooCostlyError(Exception):
    """The parse ran out of time or memory: the file is refused, the server carries on."""


def _child(conn: Connection, filename: str, data: bytes, layout: Layout | None,
           platform: str | None, memory_bytes: int) -> None:  # fmt: skip
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        result: object = parse_upload(filename, data, layout, platform)
    except FileFormatError as exc:
        result = FileFormatError(str(exc)[:_ERROR_CHARS])
    except MemoryError:
        result = ImportTooCostlyError("the file needs more memory than an import may use")
    conn.send(result)
    conn.close()


def parse_isolated(
    filename: str,
    data: bytes,
    layout: Layout | None,
    platform: str | None,
    limits: Limits | None = None,
) -> Parsed:
    """Blocking: call it with `asyncio.to_thread`. Raises FileFormatError or
    ImportTooCostlyError for a file that is refused."""
    limits = limits or Limits()
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_child,
        args=(send, filename, data, layout, platform, limits.memory_bytes),
        daemon=True,
    )
    proc.start()
    send.close()
    deadline = time.monotonic() + limits.time_s
    try:
        while not receive.poll(0.05):
            if not proc.is_alive() and not receive.poll(0):
                raise ImportTooCostlyError(
                    "the file needs more memory than an import may use"
                    f" (the parser stopped, exit code {proc.exitcode})"
                )
            if time.monotonic() > deadline:
                raise ImportTooCostlyError(f"the file takes longer than {limits.time_s:.0f} s")
        try:
            result = receive.recv()
        except EOFError as exc:
            raise ImportTooCostlyError("the file needs more memory than an import may use") from exc
    finally:
        receive.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if isinstance(result, Exception):
        raise result
    assert isinstance(result, Parsed)
    return result
