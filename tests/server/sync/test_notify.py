"""The live stream's keepalive timer must never cost it a poke or end it early."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from server.sync.notify import with_keepalives


async def _fed(queue: asyncio.Queue[bytes | None]) -> AsyncIterator[bytes]:
    """Like a channels subscriber: items until a None ends it."""
    while (item := await queue.get()) is not None:
        yield item


async def test_items_keep_flowing_after_keepalives() -> None:
    queue: asyncio.Queue[bytes | None] = asyncio.Queue()
    out = with_keepalives(_fed(queue), 0.02)
    # Idle: keepalives, each one a timed-out wait on the same pending read.
    assert [await anext(out) for _ in range(3)] == [None, None, None]
    queue.put_nowait(b"poke-1")
    assert await anext(out) == b"poke-1"
    assert await anext(out) is None
    queue.put_nowait(b"poke-2")
    queue.put_nowait(b"poke-3")
    assert [await anext(out), await anext(out)] == [b"poke-2", b"poke-3"]
    queue.put_nowait(None)
    assert [x async for x in out if x is not None] == []  # the source ended: so does this


async def test_closing_cancels_the_pending_read() -> None:
    queue: asyncio.Queue[bytes | None] = asyncio.Queue()
    source = _fed(queue)
    out = with_keepalives(source, 0.02)
    assert await anext(out) is None
    await out.aclose()
    await asyncio.sleep(0)  # let the cancellation reach the source
    assert source.ag_running is False
    assert source.ag_frame is None  # the source generator was closed, not left waiting
