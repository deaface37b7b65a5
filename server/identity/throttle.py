"""Try counters for sign-in and enrolment that hold under parallel requests.

The old throttle counted failures after checking the PIN, so 500 guesses sent at once all
passed the check before any failure was counted. Here every try is counted first, in one
write transaction (BEGIN IMMEDIATE on SQLite, row locks of INSERT ... ON CONFLICT on
PostgreSQL): the statement increments and returns the count in one step, so no two
requests can read the same count. If any key is over its limit the transaction rolls back
(a refused try costs nothing) and the caller answers 429 without evaluating the secret.

A try that succeeds gives its count back (`release`), so signing in and out all day never
locks anyone out, while each failure keeps its count until the window ends.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from server.db import Connector
from server.identity.errors import Throttled

WINDOW_MS = 15 * 60 * 1000

_COUNT = (
    "INSERT INTO auth_throttle (key, window_ms, tries) VALUES (?, ?, 1)"
    " ON CONFLICT (key) DO UPDATE SET"
    " tries = CASE WHEN auth_throttle.window_ms <= ? THEN 1 ELSE auth_throttle.tries + 1 END,"
    " window_ms = CASE WHEN auth_throttle.window_ms <= ?"
    " THEN excluded.window_ms ELSE auth_throttle.window_ms END"
    " RETURNING tries, window_ms"
)
_RELEASE = "UPDATE auth_throttle SET tries = tries - 1 WHERE key = ? AND tries > 0"


@dataclass(frozen=True, slots=True)
class Limit:
    key: str
    max_tries: int


class _Over(Exception):
    def __init__(self, retry_after_s: int) -> None:
        self.retry_after_s = retry_after_s


def _now_ms() -> int:
    return int(time.time() * 1000)


async def take(connector: Connector, limits: Sequence[Limit], message: str) -> None:
    """Count one try on every key, or raise Throttled (and count nothing) if one is spent."""
    now = _now_ms()
    expired = now - WINDOW_MS
    try:
        async with connector.write() as conn:
            for limit in limits:
                rows = await conn.fetch(_COUNT, [limit.key[:150], now, expired, expired])
                tries, start = int(rows[0][0]), int(rows[0][1])
                if tries > limit.max_tries:
                    raise _Over(max(1, (start + WINDOW_MS - now + 999) // 1000))
    except _Over as over:
        raise Throttled(message, over.retry_after_s) from None


async def release(connector: Connector, limits: Sequence[Limit]) -> None:
    """Give back the try of a request that succeeded."""
    async with connector.write() as conn:
        await conn.executemany(_RELEASE, [(limit.key[:150],) for limit in limits])
