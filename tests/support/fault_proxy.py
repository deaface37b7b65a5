"""A switchable fault proxy on loopback, for browser, fault and simulator tests.

Tests take devices offline here instead of through DevTools network emulation, which covers
only the targets it was sent to (a page, not a service worker started later, nor the
browser's own Background Sync decision) and is gone with the page. This proxy is the
network itself: whatever the browser sends (pages, service workers, Background Sync, a
relaunched profile) meets the same fault.

One FaultProxy runs an asyncio loop in a daemon thread. Each lane is one listening port on
127.0.0.1 that forwards every TCP connection to the upstream server. Give each browser
context (one device) its own lane and open the app at ``lane.base``; the origin is the
lane's, so it stays the same while the upstream server restarts or moves. Faults are set per
lane, so one device goes offline while the others stay online::

    with FaultProxy() as proxy:
        lane = proxy.lane(("127.0.0.1", 8000))   # or proxy.lane("http://127.0.0.1:8000")
        page.goto(lane.base)
        lane.cut()              # offline: new connections refused, open ones reset
        lane.cut(refuse=False)  # connections accepted, then reset at once
        lane.delay(0.5)         # every chunk, both ways, arrives 0.5 s late (slow link)
        lane.drop()             # black hole: accepted, never answered, nothing forwarded
        lane.restore()          # online again
        lane.upstream = ("127.0.0.1", 8001)      # new connections go there
        lane.accepted           # connections accepted so far (did anything try?)

Only loopback addresses are accepted, upstream and listening. Every method is thread-safe
and returns once the change is in effect.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")
Mode = Literal["pass", "refuse", "reset", "drop"]
Address = tuple[str, int]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CHUNK = 64 * 1024


def _address(upstream: Address | str) -> Address:
    if isinstance(upstream, str):
        parts = urlsplit(upstream)
        if parts.hostname is None or parts.port is None:
            raise ValueError(f"need host and port: {upstream!r}")
        upstream = (parts.hostname, parts.port)
    if upstream[0] not in LOOPBACK:
        raise ValueError(f"fault proxy upstreams are loopback only, not {upstream[0]!r}")
    return upstream


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST (SO_LINGER 0), as a dropped link or a dead server would."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


@dataclass(eq=False)  # identity: kept in a set
class _Conn:
    client: asyncio.StreamWriter
    upstream: asyncio.StreamWriter | None = None

    def reset(self) -> None:
        _reset(self.client)
        if self.upstream is not None:
            _reset(self.upstream)


class Lane:
    """One listening port and its fault state. Made by FaultProxy.lane()."""

    def __init__(self, proxy: FaultProxy, upstream: Address, port: int) -> None:
        self._proxy = proxy
        self._upstream = upstream
        self.port = port
        self.mode: Mode = "pass"
        self.latency = 0.0
        self.accepted = 0
        self._server: asyncio.Server | None = None
        self._conns: set[_Conn] = set()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def upstream(self) -> Address:
        return self._upstream

    @upstream.setter
    def upstream(self, value: Address | str) -> None:
        self._upstream = _address(value)

    # -- the switches ---------------------------------------------------------------------

    def cut(self, *, refuse: bool = True) -> None:
        """Offline. `refuse`: the port stops listening (connection refused); otherwise each
        new connection is accepted and reset. Open connections are reset either way."""
        self._proxy._call(self._set("refuse" if refuse else "reset"))

    def drop(self) -> None:
        """A black hole: connections hang, nothing is forwarded either way, nothing answers."""
        self._proxy._call(self._set("drop"))

    def delay(self, seconds: float) -> None:
        """Every chunk in either direction waits `seconds` before it is forwarded."""
        if seconds < 0:
            raise ValueError("delay must be >= 0")
        self.latency = seconds

    def restore(self) -> None:
        """Online again, no delay."""
        self.latency = 0.0
        self._proxy._call(self._set("pass"))

    def close(self) -> None:
        self._proxy._call(self._close())

    # -- on the proxy's loop --------------------------------------------------------------

    async def _listen(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(
                self._serve, "127.0.0.1", self.port, reuse_address=True
            )
            self.port = int(self._server.sockets[0].getsockname()[1])

    async def _unlisten(self) -> None:
        if self._server is not None:
            self._server.close()
            # Since 3.12 this also waits for the server's connections, which were just reset.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._server.wait_closed(), 2)
            self._server = None

    async def _set(self, mode: Mode) -> None:
        self.mode = mode
        if mode in ("refuse", "reset"):  # a black hole keeps them open, silent
            for conn in list(self._conns):
                conn.reset()
            self._conns.clear()
        if mode == "refuse":
            await self._unlisten()
        else:
            await self._listen()

    async def _close(self) -> None:
        await self._set("refuse")

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        if self.mode in ("reset", "refuse"):
            _reset(writer)
            return
        conn = _Conn(writer)
        self._conns.add(conn)
        try:
            if self.mode == "drop":
                while await reader.read(CHUNK):
                    pass
                return
            try:
                up_reader, up_writer = await asyncio.open_connection(*self._upstream)
            except OSError:
                _reset(writer)  # the server is down: to the browser, the network is
                return
            conn.upstream = up_writer
            await asyncio.gather(
                self._pipe(reader, up_writer, conn), self._pipe(up_reader, writer, conn)
            )
        finally:
            self._conns.discard(conn)
            for w in (writer, conn.upstream):
                if w is not None and not w.is_closing():
                    w.close()

    async def _pipe(
        self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, conn: _Conn
    ) -> None:
        try:
            while data := await src.read(CHUNK):
                if self.latency:
                    await asyncio.sleep(self.latency)
                if self.mode == "drop" or conn not in self._conns:
                    continue  # swallowed
                dst.write(data)
                await dst.drain()
            if dst.can_write_eof() and not dst.is_closing():
                dst.write_eof()
        except (ConnectionError, OSError):
            conn.reset()


class FaultProxy:
    """The loop that runs every lane (see the module docstring). A context manager."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._lanes: list[Lane] = []
        self._started = False

    def start(self) -> FaultProxy:
        if not self._started:
            self._thread.start()
            self._started = True
        return self

    def stop(self) -> None:
        if not self._started:
            return
        self._call(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()
        self._started = False

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    async def _shutdown(self) -> None:
        for lane in self._lanes:
            await lane._close()
        me = asyncio.current_task()
        rest = [t for t in asyncio.all_tasks() if t is not me]
        for t in rest:
            t.cancel()
        await asyncio.gather(*rest, return_exceptions=True)

    def lane(self, upstream: Address | str, port: int = 0) -> Lane:
        """A new listening port (`port` 0: any free one) forwarding to `upstream`."""
        lane = Lane(self, _address(upstream), port)
        self._call(lane._listen())
        self._lanes.append(lane)
        return lane

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        if not self._started:
            raise RuntimeError("FaultProxy is not started")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=10)
