"""Live pokes: after a commit, every device of the warehouse learns the newest cursor.

In-memory channels serve one process (the SQLite default); several processes on one
PostgreSQL share LISTEN/NOTIFY, or Redis when PACKLINE_REDIS_URL is set.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Iterable

from litestar.channels import ChannelsPlugin
from litestar.channels.backends.base import ChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend

from server.db.url import DatabaseURL
from server.logs import get_logger
from server.sync.pg_channels import PgChannelsBackend

log = get_logger(__name__)


def channel_for(warehouse_id: int) -> str:
    return f"packline_wh_{warehouse_id}"


async def with_keepalives(
    source: AsyncIterator[bytes], idle_s: float
) -> AsyncGenerator[bytes | None, None]:
    """`source`'s items, and None after every `idle_s` without one.

    The pending read outlives each timeout: cancelling an async generator's `__anext__`
    (what `asyncio.wait_for(anext(...))` does on timeout) closes that generator for good,
    which had ended every live stream at its first keepalive.
    """
    pending: asyncio.Future[bytes] | None = None
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(anext(source))
            done, _ = await asyncio.wait((pending,), timeout=idle_s)
            if not done:
                yield None
                continue
            read, pending = pending, None
            try:
                item = read.result()
            except StopAsyncIteration:
                return
            yield item
    finally:
        if pending is not None:
            pending.cancel()


class _RedisBackend(RedisChannelsPubSubBackend):
    """A failed publish must not end the plugin's publish worker (and with it every poke)."""

    async def publish(self, data: bytes, channels: Iterable[str]) -> None:
        try:
            await super().publish(data, channels)
        except Exception as exc:  # redis raises many kinds; a poke is only a hint
            log.warning("poke not published", error=repr(exc))


def channels_plugin(url: DatabaseURL, redis_url: str = "") -> ChannelsPlugin:
    backend: ChannelsBackend
    if redis_url:
        from redis.asyncio import Redis

        backend = _RedisBackend(redis=Redis.from_url(redis_url))
    elif url.kind == "postgresql":
        backend = PgChannelsBackend(url.raw)
    else:
        backend = MemoryChannelsBackend()
    return ChannelsPlugin(backend=backend, arbitrary_channels_allowed=True)


def poke(channels: ChannelsPlugin, warehouse_id: int, cursor: int) -> None:
    channels.publish(f'{{"cursor":{cursor}}}', channels=[channel_for(warehouse_id)])
