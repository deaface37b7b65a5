"""The timed phases of the fleet bench, as the devices see them over HTTP.

1. push: every device sends its batches one after another, all devices at once; a batch
   in ten is sent again right after its answer (a lost answer), and must come back all
   `duplicate`;
2. catch-up: every device pulls from its checkpoint to the head, pages of `page` ops,
   all devices at once;
3. bootstrap: a freshly enrolled and signed-in device asks for its bootstrap.
"""

from __future__ import annotations

import asyncio
import gzip
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import msgspec
from _fleet_probe import Meter
from _fleet_world import Fleet, Handheld, Workload, claim_and_sign_in, enrol, picker_code
from _fleet_world import sync_path as path


class _Pushed(msgspec.Struct):
    results: list[dict[str, Any]]
    cursor: int


class _Page(msgspec.Struct):
    ops: list[msgspec.Raw]
    cursor: int
    more: bool = False


class _Boot(msgspec.Struct):
    ops: list[msgspec.Raw]
    cursor: int
    exceptions: list[msgspec.Raw] = []


async def _request(
    client: httpx.AsyncClient, method: str, url: str, errors: list[str], **kw: Any
) -> httpx.Response | None:
    """One request, sent again after a transport error (as the PWA's retry would); each
    failure is kept in `errors` and printed."""
    for attempt in range(3):
        try:
            return await client.request(method, url, **kw)
        except httpx.TransportError as exc:
            errors.append(f"{type(exc).__name__} (attempt {attempt + 1})")
    return None


_pushed = msgspec.json.Decoder(_Pushed)
_page = msgspec.json.Decoder(_Page)
_boot = msgspec.json.Decoder(_Boot)


@dataclass
class PushFig:
    new_ms: list[float] = field(default_factory=list)
    retry_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)  # of first sends
    retry_statuses: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    deferred: int = 0  # 429 answers (back-pressure), each waited out and sent again
    request_ms: list[float] = field(default_factory=list)  # every HTTP request, 429s too


async def push(
    client: httpx.AsyncClient, fleet: Fleet, work: Workload, meter: Meter, protocol: int | None
) -> PushFig:
    out = PushFig()

    async def send(h: Handheld, body: bytes) -> tuple[float, list[dict[str, Any]]]:
        """Time to acknowledgement, as the device sees it: 429s are waited out (the
        advertised Retry-After, as the PWA's engine does) and sent again."""
        start = time.perf_counter()
        url = h.base + path("/api/sync/push", protocol)
        while True:
            sent = time.perf_counter()
            r = await _request(client, "POST", url, out.errors, content=body, headers=h.headers)
            out.request_ms.append((time.perf_counter() - sent) * 1000)
            if r is None or r.status_code != 429:
                break
            out.deferred += 1
            await asyncio.sleep(float(r.headers.get("retry-after", "1")))
        ms = (time.perf_counter() - start) * 1000
        if r is None:
            return ms, []
        if r.status_code != 200:
            out.errors.append(f"{r.status_code} {r.text[:200]}")
            return ms, []
        return ms, _pushed.decode(r.content).results

    async def device(d: int, h: Handheld) -> None:
        for b, body in enumerate(work.bodies[d]):
            ms, results = await send(h, body)
            out.new_ms.append(ms)
            out.statuses.update(r["status"] for r in results)
            meter.done += sum(r["status"] == "accepted" for r in results)
            if b in work.retried[d]:
                ms, results = await send(h, body)
                out.retry_ms.append(ms)
                out.retry_statuses.update(r["status"] for r in results)

    start = time.perf_counter()
    await asyncio.gather(*(device(d, h) for d, h in enumerate(fleet.devices)))
    out.wall_s = time.perf_counter() - start
    return out


@dataclass
class CatchFig:
    page_ms: list[float] = field(default_factory=list)
    ops: int = 0
    pages: int = 0
    wire_bytes: int = 0
    body_bytes: int = 0
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0


async def catch_up(
    client: httpx.AsyncClient, fleet: Fleet, page: int, meter: Meter, protocol: int | None
) -> CatchFig:
    out = CatchFig()

    async def device(h: Handheld) -> None:
        cursor = fleet.checkpoint
        while True:
            start = time.perf_counter()
            url = h.base + path("/api/sync/pull", protocol, cursor=cursor, limit=page)
            r = await _request(client, "GET", url, out.errors, headers=h.headers)
            out.page_ms.append((time.perf_counter() - start) * 1000)
            if r is None:
                return
            if r.status_code != 200:
                out.errors.append(f"{r.status_code} {r.text[:200]}")
                return
            out.wire_bytes += r.num_bytes_downloaded
            out.body_bytes += len(r.content)
            got = _page.decode(r.content)
            out.ops += len(got.ops)
            out.pages += 1
            meter.done += len(got.ops)
            if not got.more or got.cursor <= cursor:
                return
            cursor = got.cursor

    start = time.perf_counter()
    await asyncio.gather(*(device(h) for h in fleet.devices))
    out.wall_s = time.perf_counter() - start
    return out


@dataclass
class BootFig:
    ms: list[float] = field(default_factory=list)
    ttfb_ms: list[float] = field(default_factory=list)
    wire_bytes: int = 0
    body_bytes: int = 0
    ops: int = 0
    exceptions: int = 0
    exception_bytes: int = 0  # of the exceptions array in the body
    encoding: str = ""


async def new_device(client: httpx.AsyncClient, fleet: Fleet) -> Handheld:
    office = fleet.office
    code = await enrol(client, office.base, office, "fresh PDA")
    return await claim_and_sign_in(client, office.base, code, picker_code(0), "fresh PDA")


async def bootstrap(
    client: httpx.AsyncClient, h: Handheld, runs: int, protocol: int | None
) -> BootFig:
    """`runs` bootstraps of one fresh device; the body is kept from the last."""
    out = BootFig()
    for _ in range(runs):
        chunks: list[bytes] = []
        start = time.perf_counter()
        async with client.stream(
            "GET", h.base + path("/api/sync/bootstrap", protocol), headers=h.headers
        ) as r:
            out.ttfb_ms.append((time.perf_counter() - start) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"bootstrap: {r.status_code} {(await r.aread())[:300]!r}")
            async for chunk in r.aiter_raw():
                chunks.append(chunk)
            out.encoding = r.headers.get("content-encoding", "identity")
        out.ms.append((time.perf_counter() - start) * 1000)
    wire = b"".join(chunks)
    body = gzip.decompress(wire) if out.encoding == "gzip" else wire
    out.wire_bytes, out.body_bytes = len(wire), len(body)
    got = _boot.decode(body)
    out.ops, out.exceptions = len(got.ops), len(got.exceptions)
    out.exception_bytes = sum(len(e) + 1 for e in got.exceptions)
    return out
