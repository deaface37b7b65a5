"""Web Push fan-out: 1,000 notifications through the background worker to a local push
service, time and failures, against 1,000 plain POSTs of the same size.

Usage: uv run python bench/push_fanout.py [--count 1000] [--smoke]

Each notification is one subscription (1,000 browsers): pywebpush encrypts the payload
(aes128gcm, a fresh ECDH key per message) and signs a VAPID JWT with a fresh claims dict;
the worker's 16 consumers POST them. The local push service (tests/support/push_service.py,
same process and loop) decrypts every message, as a browser would, and counts the ones that
decrypt to the payload sent. Baseline from the same run: the same number of 4 KB POSTs with
the same concurrency through aiohttp, answered without decryption.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
import aiohttp  # noqa: E402
from py_vapid import Vapid02  # noqa: E402
from support.push_service import PushServer  # noqa: E402

from server.push.payload import Topic, payload  # noqa: E402
from server.push.worker import Job, PushWorker  # noqa: E402

CONCURRENCY = 16


async def baseline(server: PushServer, count: int) -> float:
    server.answers["plain"].extend([201] * count)
    body = b"x" * 4096
    sem = asyncio.Semaphore(CONCURRENCY)
    async with aiohttp.ClientSession() as session:

        async def one() -> None:
            async with sem, session.post(f"{server.origin}/push/plain", data=body) as r:
                assert r.status == 201

        start = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(count)))
        return time.perf_counter() - start


async def fanout(count: int) -> None:
    server = PushServer()
    await server.start()
    subs = [server.subscription(f"s{i}") for i in range(count)]
    gone: list[int] = []

    async def forget(sid: int) -> None:
        gone.append(sid)

    vapid = Vapid02()
    vapid.generate_keys()
    worker = PushWorker(
        vapid, "mailto:bench@packline.invalid", forget, allow_loopback=True, concurrency=CONCURRENCY
    )
    await worker.start()
    data = payload(Topic.ORDER_CHANGED, "tmall:T0000000001")
    try:
        start = time.perf_counter()
        for i, sub in enumerate(subs):
            worker.submit(Job(i, sub["endpoint"], sub["keys"]["p256dh"], sub["keys"]["auth"], data))
        queued = time.perf_counter() - start
        await worker.drain()
        took = time.perf_counter() - start
        ok = sum(1 for r in server.received if r.plaintext["topic"] == "order_changed")
        plain = await baseline(server, count)
    finally:
        await worker.stop()
        await server.stop()
    c = worker.counters
    print(f"{count} notifications, {len(data)} byte payload, {CONCURRENCY} senders")
    print(
        f"  worker: {took:.2f} s ({count / took:.0f}/s), queued in {queued * 1000:.1f} ms;"
        f" sent {c.sent}, failed {c.failed}, retried {c.retried}, gone {c.gone};"
        f" decrypted OK at the push service {ok}"
    )
    print(f"  baseline (plain 4 KB POSTs, no crypto): {plain:.2f} s ({count / plain:.0f}/s)")
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    asyncio.run(fanout(50 if args.smoke else args.count))


if __name__ == "__main__":
    main()
