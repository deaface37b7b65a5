"""The fault proxy itself: each switch does what it says, on one lane only, and undoes."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from support.fault_proxy import FaultProxy, Lane


class _Hello(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = f"hello {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _upstream() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def upstream() -> Iterator[str]:
    server = _upstream()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def proxy() -> Iterator[FaultProxy]:
    with FaultProxy() as p:
        yield p


def get(lane: Lane, path: str = "/x", timeout: float = 2.0) -> str:
    with urllib.request.urlopen(lane.base + path, timeout=timeout) as r:
        return str(r.read().decode())


def fails(lane: Lane, timeout: float = 1.0) -> type[BaseException]:
    try:
        get(lane, timeout=timeout)
    except (urllib.error.URLError, OSError) as e:
        reason = e.reason if isinstance(e, urllib.error.URLError) else e
        return type(reason) if isinstance(reason, BaseException) else type(e)
    raise AssertionError("the request went through")


def test_forwards_and_lanes_are_independent(proxy: FaultProxy, upstream: str) -> None:
    a, b = proxy.lane(upstream), proxy.lane(upstream)
    assert a.port != b.port
    assert get(a, "/a") == "hello /a"
    a.cut()
    assert get(b, "/b") == "hello /b"  # only lane a is offline
    assert fails(a) is ConnectionRefusedError
    assert a.accepted == 1 and b.accepted == 1


def test_cut_refuses_resets_open_connections_and_restore_reopens_the_same_port(
    proxy: FaultProxy, upstream: str
) -> None:
    lane = proxy.lane(upstream)
    port = lane.port
    with socket.create_connection(("127.0.0.1", port), timeout=2) as open_conn:
        open_conn.sendall(b"GET /keep HTTP/1.1\r\nHost: x\r\n\r\n")
        got = b""
        while b"hello /keep" not in got:
            got += open_conn.recv(4096)
        lane.cut()
        with pytest.raises((ConnectionResetError, BrokenPipeError)):
            open_conn.sendall(b"GET /again HTTP/1.1\r\nHost: x\r\n\r\n")
            if not open_conn.recv(4096):  # an orderly close would be a lie: it must be a reset
                raise AssertionError("closed, not reset")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2)
    lane.restore()
    assert lane.port == port  # same origin for the browser
    assert get(lane) == "hello /x"


def test_cut_without_refusing_accepts_then_resets(proxy: FaultProxy, upstream: str) -> None:
    lane = proxy.lane(upstream)
    lane.cut(refuse=False)
    assert fails(lane) in (ConnectionResetError, ConnectionAbortedError, OSError)
    assert lane.accepted == 1  # it got as far as the proxy
    lane.restore()
    assert get(lane) == "hello /x"


def test_drop_is_a_black_hole(proxy: FaultProxy, upstream: str) -> None:
    lane, other = proxy.lane(upstream), proxy.lane(upstream)
    lane.drop()
    started = time.monotonic()
    assert fails(lane, timeout=0.5) in (TimeoutError, socket.timeout)
    assert time.monotonic() - started >= 0.45  # it hung; nothing refused or reset it
    assert get(other) == "hello /x"
    lane.restore()
    assert get(lane) == "hello /x"


def test_delay_slows_both_directions(proxy: FaultProxy, upstream: str) -> None:
    lane = proxy.lane(upstream)
    lane.delay(0.3)
    started = time.monotonic()
    assert get(lane) == "hello /x"
    assert time.monotonic() - started >= 0.6  # the request, then the answer, each 0.3 s late
    lane.restore()
    started = time.monotonic()
    get(lane)
    assert time.monotonic() - started < 0.3
    with pytest.raises(ValueError):
        lane.delay(-1)


def test_a_dead_upstream_looks_like_a_dead_network_and_can_be_retargeted(
    proxy: FaultProxy, upstream: str
) -> None:
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    port = dead.getsockname()[1]
    dead.close()  # nothing listens there now
    lane = proxy.lane(("127.0.0.1", port))
    assert fails(lane) in (ConnectionResetError, ConnectionAbortedError, OSError)
    lane.upstream = upstream
    assert get(lane) == "hello /x"


def test_loopback_only(proxy: FaultProxy) -> None:
    for bad in (("10.0.0.1", 80), "http://example.com:80", "http://127.0.0.1"):
        with pytest.raises(ValueError):
            proxy.lane(bad)  # type: ignore[arg-type]


def test_stop_closes_every_lane(upstream: str) -> None:
    with FaultProxy() as p:
        lane = p.lane(upstream)
        assert get(lane) == "hello /x"
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", lane.port), timeout=2)
