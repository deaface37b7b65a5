"""p50/p95/p99 latency of 100-op pushes from 200 devices pushing and pulling at once.

Usage: uv run python bench/push_latency.py [--devices 200] [--seconds 30] [--think 10]

A real `packline serve` (uvicorn, one process, SQLite with the demo warehouse) on loopback.
Each simulated device enrols and signs in like a phone, then loops: push 100 ops (status
advances on 100 different orders), pull from its cursor, wait a random think time (mean
--think s; a phone that pushes 100 ops every 10 s is a very busy phone). The same clients
then drive a hello-world Litestar app, served the same way with the same schedule, so the
second line shows what loopback HTTP, uvicorn and this client alone cost.
Target: push p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from dataclasses import dataclass, field

import httpx
from _common import (
    Process,
    SimDevice,
    free_port,
    load_demo,
    packline_serve,
    percentiles,
    sqlite_database,
)

from sync import PROTOCOL_VERSION, encode_json

BOOTSTRAP = f"/api/sync/bootstrap?protocol={PROTOCOL_VERSION}"

TARGET_P95_MS = 100.0
BATCH = 100
STAFF = ("K001", "K002", "K003", "M001")


@dataclass
class Sample:
    push_ms: list[float] = field(default_factory=list)
    pull_ms: list[float] = field(default_factory=list)
    errors: int = 0


def hello_app() -> object:
    from litestar import Litestar, Request, get, post

    @post("/hello", status_code=200)
    async def hello_push(request: Request[object, object, object]) -> dict[str, bool]:
        await request.body()
        return {"ok": True}

    @get("/hello")
    async def hello_pull() -> dict[str, bool]:
        return {"ok": True}

    return Litestar([hello_push, hello_pull])


async def _sign_in(client: httpx.AsyncClient, base: str, who: str) -> tuple[SimDevice, dict]:
    r = await client.post(f"{base}/api/demo/enroll", json={"warehouse_code": "SH01"})
    r.raise_for_status()
    dev = r.json()
    r = await client.post(
        f"{base}/api/auth/login",
        json={"employee_code": who, "pin": "1234"},
        headers={"Authorization": f"Bearer {dev['token']}"},
    )
    r.raise_for_status()
    return SimDevice(dev["device_id"], who), {"Authorization": f"Bearer {r.json()['token']}"}


async def _device_loop(
    client: httpx.AsyncClient,
    push_url: str,
    pull_url: str,
    dev: SimDevice,
    headers: dict[str, str],
    orders: list[str],
    until: float,
    think: float,
    out: Sample,
) -> None:
    rng = random.Random(dev.device_id)
    await asyncio.sleep(rng.uniform(0, think))  # devices do not all wake at once
    cursor, k = 0, rng.randrange(len(orders))
    while time.monotonic() < until:
        ops = []
        for _ in range(BATCH):
            to = "picked" if k % 2 else "packed"
            ops.append(dev.op("status.advance", orders[k % len(orders)], {"to": to}))
            k += 1
        body = (
            b'{"protocol":%d,"ops":[' % PROTOCOL_VERSION
            + b",".join(encode_json(o) for o in ops)
            + b"]}"
        )
        start = time.perf_counter()
        r = await client.post(
            push_url, content=body, headers={**headers, "content-type": "application/json"}
        )
        out.push_ms.append((time.perf_counter() - start) * 1000)
        if r.status_code != 200:
            out.errors += 1
        else:
            cursor = max(cursor, int(r.json().get("cursor", cursor)))
        start = time.perf_counter()
        r = await client.get(
            pull_url,
            params={"cursor": cursor, "limit": 500, "protocol": PROTOCOL_VERSION},
            headers=headers,
        )
        out.pull_ms.append((time.perf_counter() - start) * 1000)
        if r.status_code != 200:
            out.errors += 1
        await asyncio.sleep(min(rng.expovariate(1 / think), max(0.0, until - time.monotonic())))


async def _drive(
    base: str,
    push: str,
    pull: str,
    fleet: list[tuple[SimDevice, dict]],
    orders: list[str],
    seconds: float,
    think: float,
) -> Sample:
    out = Sample()
    limits = httpx.Limits(max_connections=len(fleet) + 10, max_keepalive_connections=len(fleet))
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(
                _device_loop(client, base + push, base + pull, d, h, orders, until, think, out)
                for d, h in fleet
            )
        )
    return out


def _line(name: str, s: Sample, seconds: float) -> str:
    p50, p95, p99 = percentiles(s.push_ms)
    q50, q95, q99 = percentiles(s.pull_ms)
    return (
        f"  {name:<12} push p50 {p50:6.1f}  p95 {p95:6.1f}  p99 {p99:6.1f} ms"
        f" | pull p50 {q50:6.1f}  p95 {q95:6.1f}  p99 {q99:6.1f} ms"
        f" | {len(s.push_ms) / seconds:5.1f} pushes/s, {s.errors} errors"
    )


async def run(devices: int, seconds: float, think: float) -> int:
    t0 = time.monotonic()
    with sqlite_database() as url:
        load_demo(url)
        print(f"  demo warehouse loaded in {time.monotonic() - t0:.0f} s", flush=True)
        port = free_port()
        server = packline_serve(url, port)
        base = f"http://127.0.0.1:{port}"
        try:
            await server.wait_healthy(base + "/api/health")
            async with httpx.AsyncClient(timeout=120) as client:
                sem = asyncio.Semaphore(8)

                async def one(i: int) -> tuple[SimDevice, dict]:
                    async with sem:
                        return await _sign_in(client, base, STAFF[i % len(STAFF)])

                fleet = await asyncio.gather(*(one(i) for i in range(devices)))
                boot = (await client.get(base + BOOTSTRAP, headers=fleet[0][1])).json()
            orders = sorted({o["eid"] for o in boot["ops"] if o["kind"] == "order.create"})
            print(
                f"  {devices} devices signed in at {time.monotonic() - t0:.0f} s;"
                f" {len(orders)} orders; each pushes {BATCH} ops,"
                f" pulls, then thinks ~{think:g} s; {seconds:g} s per run",
                flush=True,
            )
            sync = await _drive(
                base, "/api/sync/push", "/api/sync/pull", fleet, orders, seconds, think
            )
        finally:
            server.stop()
    port = free_port()
    hello = Process([sys.executable, __file__, "--hello", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        await hello.wait_healthy(base + "/hello")
        baseline = await _drive(base, "/hello", "/hello", fleet, orders, seconds, think)
    finally:
        hello.stop()
    print(_line("packline", sync, seconds))
    print(_line("hello-world", baseline, seconds))
    p95 = percentiles(sync.push_ms)[1]
    verdict = "meets" if p95 < TARGET_P95_MS else "MISSES"
    print(f"  push p95 {p95:.1f} ms {verdict} the {TARGET_P95_MS:.0f} ms target")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--think", type=float, default=30, help="mean pause between cycles, s")
    parser.add_argument("--hello", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.hello:
        import uvicorn

        uvicorn.run(hello_app(), port=args.hello, log_config=None, access_log=False)  # type: ignore[arg-type]
        return 0
    print(f"push latency, {args.devices} devices, SQLite, one `packline serve` process")
    return asyncio.run(run(args.devices, args.seconds, args.think))


if __name__ == "__main__":
    raise SystemExit(main())
