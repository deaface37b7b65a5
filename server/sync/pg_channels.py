"""PostgreSQL LISTEN/NOTIFY for live pokes across server processes, built to stay up.

Litestar's AsyncPgChannelsBackend connects anew for every publish (so pokes queue behind
a connect each), and neither it nor the plugin survives a lost connection: one failed
publish ends the plugin's publish worker for good, and a dropped listener silences pokes
until a restart. This backend keeps one publishing and one listening connection,
reconnects either (re-issuing LISTEN), and logs a lost poke instead of raising: a poke is
only a hint, devices still pull on reconnect and on their timer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Iterable
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from litestar.channels.backends.base import ChannelsBackend

from server.logs import get_logger

log = get_logger(__name__)
RETRY_S = 0.5


class PgChannelsBackend(ChannelsBackend):
    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._channels: set[str] = set()
        self._queue: asyncio.Queue[tuple[str, bytes]] | None = None
        self._listener: Any = None
        self._publisher: Any = None
        self._closing = False
        self._reconnecting: asyncio.Task[None] | None = None

    async def on_startup(self) -> None:
        self._queue = asyncio.Queue()
        self._listen_lock = asyncio.Lock()
        self._publish_lock = asyncio.Lock()
        self._listener = await self._listen()

    async def on_shutdown(self) -> None:
        self._closing = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
        for conn in (self._listener, self._publisher):
            if conn is not None and not conn.is_closed():
                await conn.close()
        self._queue = None

    async def _listen(self) -> Any:
        conn = await asyncpg.connect(self._dsn)
        conn.add_termination_listener(self._lost)
        for channel in sorted(self._channels):
            await conn.add_listener(channel, self._notified)
        return conn

    def _lost(self, _conn: Any) -> None:
        if self._closing or (self._reconnecting and not self._reconnecting.done()):
            return
        log.warning("poke listener connection lost; reconnecting")
        self._reconnecting = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        while not self._closing:
            try:
                async with self._listen_lock:
                    self._listener = await self._listen()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("poke listener reconnect failed", error=repr(exc))
                await asyncio.sleep(RETRY_S)
            else:
                log.info("poke listener reconnected", channels=len(self._channels))
                return

    def _notified(self, _conn: Any, _pid: int, channel: str, payload: object) -> None:
        if self._queue is not None and isinstance(payload, str):
            self._queue.put_nowait((channel, payload.encode()))

    async def publish(self, data: bytes, channels: Iterable[str]) -> None:
        text = data.decode()
        for attempt in (1, 2):
            try:
                async with self._publish_lock:
                    if self._publisher is None or self._publisher.is_closed():
                        self._publisher = await asyncpg.connect(self._dsn)
                    for channel in channels:
                        await self._publisher.execute("SELECT pg_notify($1, $2)", channel, text)
                return
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                self._publisher = None
                if attempt == 2:
                    log.warning("poke not published", error=repr(exc))

    async def subscribe(self, channels: Iterable[str]) -> None:
        async with self._listen_lock:
            for channel in set(channels) - self._channels:
                self._channels.add(channel)
                if self._listener is not None and not self._listener.is_closed():
                    await self._listener.add_listener(channel, self._notified)

    async def unsubscribe(self, channels: Iterable[str]) -> None:
        async with self._listen_lock:
            for channel in set(channels) & self._channels:
                self._channels.discard(channel)
                if self._listener is not None and not self._listener.is_closed():
                    await self._listener.remove_listener(channel, self._notified)

    async def stream_events(self) -> AsyncGenerator[tuple[str, bytes], None]:
        assert self._queue is not None, "backend not started"
        while True:
            channel, message = await self._queue.get()
            if channel in self._channels:  # an UNLISTEN may have crossed the message
                yield channel, message

    async def get_history(self, channel: str, limit: int | None = None) -> list[bytes]:
        raise NotImplementedError("pokes keep no history; pull from the cursor instead")
