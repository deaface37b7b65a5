"""The background sender: notifications leave the request path through a queue.

Consumers POST with pywebpush (a fresh VAPID claims dict on every call, since pywebpush
writes `aud` and `exp` into the dict it is given), through one aiohttp session whose posts
refuse redirects. A 429 or 5xx or a network error is retried with exponential backoff (or
the service's Retry-After); 404/410 means the browser dropped the subscription, so it is
deleted; any other answer drops that one message.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush_async

from server.logs import get_logger
from server.push.guard import EndpointRefused, check_endpoint

log = get_logger(__name__)

TTL_S = 12 * 3600
ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Job:
    subscription: int
    endpoint: str
    p256dh: str
    auth: str
    data: bytes
    attempt: int = 0


@dataclass
class Counters:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    gone: int = 0
    refused: int = 0


class _NoRedirects:
    """The one method pywebpush calls on a session, with redirects refused: a push service
    never redirects, and a redirect could point the server at an internal address."""

    def __init__(self, session: aiohttp.ClientSession, timeout_s: float) -> None:
        self.session = session
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)

    async def post(self, url: str, **kwargs: Any) -> Any:
        kwargs.pop("timeout", None)  # pywebpush passes its own; ours is a ClientTimeout
        return await self.session.post(url, allow_redirects=False, timeout=self.timeout, **kwargs)


@dataclass
class PushWorker:
    vapid: Vapid02
    contact: str
    forget: Callable[[int], Awaitable[None]]
    allow_loopback: bool = False
    concurrency: int = 16
    backoff_s: float = 0.5
    timeout_s: float = 10.0
    counters: Counters = field(default_factory=Counters)
    _queue: asyncio.Queue[Job] = field(default_factory=asyncio.Queue)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _later: set[asyncio.Task[None]] = field(default_factory=set)
    _session: aiohttp.ClientSession | None = None
    _loop: asyncio.AbstractEventLoop | None = None

    def submit(self, job: Job) -> None:
        """Queue one message; returns at once (the request never waits for a push). Safe
        from any thread or loop: the worker's loop is the lifespan's, which a test client
        may run apart from the requests'."""
        if self._loop is None:
            raise RuntimeError("push worker not started")
        self._loop.call_soon_threadsafe(self._queue.put_nowait, job)

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._session = aiohttp.ClientSession()
        self._tasks = [asyncio.create_task(self._consume()) for _ in range(self.concurrency)]

    async def stop(self) -> None:
        for task in [*self._tasks, *self._later]:
            task.cancel()
        await asyncio.gather(*self._tasks, *self._later, return_exceptions=True)
        self._tasks, self._later = [], set()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def drain(self) -> None:
        """Wait until every queued message (retries included) is settled: tests, benchmarks."""
        assert self._loop is not None
        if asyncio.get_running_loop() is not self._loop:
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._drain(), self._loop))
        else:
            await self._drain()

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # let call_soon_threadsafe submissions land
        while True:
            await self._queue.join()
            if not self._later and self._queue.empty():
                return
            await asyncio.sleep(0.01)

    async def _consume(self) -> None:
        while True:
            job = await self._queue.get()
            try:
                await self._send(job)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # one bad message never stops the worker
                self.counters.failed += 1
                log.warning("push failed", subscription=job.subscription, error=type(exc).__name__)
            finally:
                self._queue.task_done()

    async def _send(self, job: Job) -> None:
        try:
            check_endpoint(job.endpoint, allow_loopback=self.allow_loopback)
        except EndpointRefused:
            self.counters.refused += 1
            await self.forget(job.subscription)
            return
        assert self._session is not None
        info = {"endpoint": job.endpoint, "keys": {"p256dh": job.p256dh, "auth": job.auth}}
        retry_after: float | None = None
        try:
            await webpush_async(
                info,
                data=job.data,
                vapid_private_key=self.vapid,
                vapid_claims={"sub": self.contact},  # fresh on every call
                ttl=TTL_S,
                aiohttp_session=_NoRedirects(self._session, self.timeout_s),
            )
            self.counters.sent += 1
            return
        except WebPushException as exc:
            status = exc.response.status if exc.response is not None else None
            if status in (404, 410):
                self.counters.gone += 1
                await self.forget(job.subscription)
                return
            if status is not None and status != 429 and status < 500:
                self.counters.failed += 1  # 3xx (refused redirect), 400, 403, 413
                log.warning("push refused", subscription=job.subscription, status=status)
                return
            retry_after = _seconds(exc.response.headers.get("Retry-After")) if status else None
        except (aiohttp.ClientError, TimeoutError):
            pass
        self._retry(job, retry_after)

    def _retry(self, job: Job, retry_after: float | None) -> None:
        if job.attempt + 1 >= ATTEMPTS:
            self.counters.failed += 1
            log.warning("push gave up", subscription=job.subscription, attempts=ATTEMPTS)
            return
        self.counters.retried += 1
        delay = (
            retry_after
            if retry_after is not None
            else (self.backoff_s * 2**job.attempt * (1 + random.random() / 4))
        )
        again = Job(job.subscription, job.endpoint, job.p256dh, job.auth, job.data, job.attempt + 1)
        task = asyncio.create_task(self._requeue(min(delay, 60.0), again))
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    async def _requeue(self, delay: float, job: Job) -> None:
        await asyncio.sleep(delay)
        self._queue.put_nowait(job)


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
