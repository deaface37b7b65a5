"""Hybrid logical clock: monotonic even when the wall clock jumps, bounded against skew."""

from __future__ import annotations

import time
from collections.abc import Callable

import msgspec

from sync.errors import ClockSkewError

MAX_DRIFT_MS = 300_000
"""How far ahead of the receiver's physical clock a remote timestamp may be (5 minutes)."""

MAX_CTR = 2**32 - 1


class Hlc(msgspec.Struct, frozen=True, order=True):
    """A timestamp; field order is the total order (wall ms, counter, node)."""

    wall: int
    ctr: int
    node: str


def system_ms() -> int:
    return time.time_ns() // 1_000_000


def horizon_for(now_ms: int, max_drift_ms: int = MAX_DRIFT_MS) -> int:
    """The materialisation horizon a replica with physical time `now_ms` should use."""
    return now_ms + max_drift_ms


class Clock:
    """One device's clock. Persist `last` and pass it back in to survive restarts."""

    def __init__(
        self,
        node: str,
        wall_clock: Callable[[], int] = system_ms,
        max_drift_ms: int = MAX_DRIFT_MS,
        last: Hlc | None = None,
    ) -> None:
        self.node = node
        self._wall = wall_clock
        self.max_drift_ms = max_drift_ms
        self.last = last if last is not None else Hlc(0, 0, node)

    def _set(self, wall: int, ctr: int) -> Hlc:
        if ctr > MAX_CTR:
            wall, ctr = wall + 1, 0
        self.last = Hlc(wall, ctr, self.node)
        return self.last

    def now(self) -> Hlc:
        """Timestamp for a new local event."""
        pt = self._wall()
        if pt > self.last.wall:
            return self._set(pt, 0)
        return self._set(self.last.wall, self.last.ctr + 1)

    def receive(self, remote: Hlc) -> Hlc:
        """Merge a remote timestamp; refuses (unchanged) one too far in the future."""
        pt = self._wall()
        if remote.wall > pt + self.max_drift_ms:
            raise ClockSkewError(remote.wall, pt + self.max_drift_ms)
        last = self.last
        wall = max(last.wall, remote.wall, pt)
        if wall == last.wall and wall == remote.wall:
            ctr = max(last.ctr, remote.ctr) + 1
        elif wall == last.wall:
            ctr = last.ctr + 1
        elif wall == remote.wall:
            ctr = remote.ctr + 1
        else:
            ctr = 0
        return self._set(wall, ctr)
