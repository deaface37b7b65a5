"""Live pokes: after a commit, every device of the warehouse learns the newest cursor.

In-memory channels serve one process (the SQLite default); several processes on one
PostgreSQL share LISTEN/NOTIFY, or Redis when PACKLINE_REDIS_URL is set.
"""

from __future__ import annotations

from litestar.channels import ChannelsPlugin
from litestar.channels.backends.asyncpg import AsyncPgChannelsBackend
from litestar.channels.backends.base import ChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend

from server.db.url import DatabaseURL


def channel_for(warehouse_id: int) -> str:
    return f"packline_wh_{warehouse_id}"


def channels_plugin(url: DatabaseURL, redis_url: str = "") -> ChannelsPlugin:
    backend: ChannelsBackend
    if redis_url:
        from redis.asyncio import Redis

        backend = RedisChannelsPubSubBackend(redis=Redis.from_url(redis_url))
    elif url.kind == "postgresql":
        backend = AsyncPgChannelsBackend(dsn=url.raw)
    else:
        backend = MemoryChannelsBackend()
    return ChannelsPlugin(backend=backend, arbitrary_channels_allowed=True)


def poke(channels: ChannelsPlugin, warehouse_id: int, cursor: int) -> None:
    channels.publish(f'{{"cursor":{cursor}}}', channels=[channel_for(warehouse_id)])
