"""Group commit: the pushes waiting for the log's writer share one transaction.

Phase 1 of issue 11 (bench/FLEET.md, "A push is queueing, not work") measured a push as a
queue: every push, retries included, waited for a write transaction of its own behind
every push ahead of it, and each COMMIT wrote its WAL pages (about 1.3 MB per 100-op push
on SQLite) once per push. Here one leader task takes every push waiting when it starts a
transaction (up to `group_ops` ops), runs each inside a SAVEPOINT of that one transaction
(one push's failure never costs another's work), and commits once: BEGIN, the log lock
and COMMIT are paid per group, shared WAL pages written once per group.

Exactly-once is unchanged: pushes in a group run one after another on the same
connection, so a later push's classification sees an earlier one's rows (`duplicate`). A
push is answered only after the shared COMMIT.

Back-pressure: when more than `max_queued_ops` ops are already waiting or being written,
a push is refused at once with `Busy` (HTTP 429 with Retry-After) instead of joining an
unbounded queue whose wait grows with the fleet; the device's sync engine retries after
the advertised delay, and nothing is lost because nothing was taken.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from server.db import Conn, Connector, oplog
from server.logs import get_logger

J = TypeVar("J")
R = TypeVar("R")
GROUP_OPS = 2_000  # ops per transaction: ~20 phone batches
MAX_QUEUED_OPS = 4_000  # waiting + being written; beyond it, 429
RETRY_AFTER_S = 1
log = get_logger(__name__)


class Busy(Exception):
    """The writer's queue is full: try again after `retry_after_s` (HTTP 429)."""

    def __init__(self, queued: int, retry_after_s: int = RETRY_AFTER_S) -> None:
        super().__init__(f"the server is busy storing {queued} ops; retry in {retry_after_s} s")
        self.retry_after_s = retry_after_s


@dataclass(eq=False)
class _Job(Generic[J, R]):
    item: J
    size: int
    future: asyncio.Future[R] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


# run(conn, item) -> (result, settle): `settle` is called once the job's savepoint is
# released (its effects will commit with the group, or the whole group rolls back and
# `on_rollback` is called).
Runner = Callable[[Conn, J], Awaitable[tuple[R, Callable[[], None]]]]


class GroupWriter(Generic[J, R]):
    """Serialises writes of the op log into as few transactions as the queue allows."""

    def __init__(
        self,
        connector: Connector,
        run: Runner[J, R],
        on_rollback: Callable[[], None],
        group_ops: int | None = None,
        max_queued_ops: int | None = None,
    ) -> None:
        self.connector = connector
        self._run = run
        self._on_rollback = on_rollback
        self.group_ops = GROUP_OPS if group_ops is None else group_ops
        self.max_queued_ops = MAX_QUEUED_OPS if max_queued_ops is None else max_queued_ops
        self._queue: list[_Job[J, R]] = []
        self._queued_ops = 0  # waiting and in the running group
        self._leader: asyncio.Task[None] | None = None
        # Figures for the diagnostics and the bench: groups, pushes, refusals.
        self.stats = {"groups": 0, "jobs": 0, "busy": 0, "largest_group": 0}

    @property
    def queued_ops(self) -> int:
        return self._queued_ops

    async def submit(self, item: J, size: int, may_refuse: bool = True) -> R:
        """Queue a write and wait for its commit. `may_refuse=False` for the server's own
        writes (imports, grants): their caller has no retry loop, so they always queue."""
        # An empty queue always takes a push, however large, so no push is refused forever.
        full = self._queued_ops and self._queued_ops + size > self.max_queued_ops
        if full and may_refuse:
            self.stats["busy"] += 1
            raise Busy(self._queued_ops)
        job: _Job[J, R] = _Job(item, size)
        # Retrieved here too, so a push whose client went away logs no unretrieved error.
        job.future.add_done_callback(lambda f: f.cancelled() or f.exception())
        self._queue.append(job)
        self._queued_ops += size
        if self._leader is None or self._leader.done():
            self._leader = asyncio.get_running_loop().create_task(self._drain())
        # The write goes on if the client disconnects: it may already be in the group, and
        # its retry will then be answered `duplicate`.
        return await asyncio.shield(job.future)

    async def _drain(self) -> None:
        while self._queue:
            group: list[_Job[J, R]] = []
            ops = 0
            while self._queue and (not group or ops + self._queue[0].size <= self.group_ops):
                job = self._queue.pop(0)
                group.append(job)
                ops += job.size
            try:
                await self._write(group)
            finally:
                self._queued_ops -= ops

    async def _write(self, group: list[_Job[J, R]]) -> None:
        done: list[tuple[_Job[J, R], R]] = []
        try:
            async with self.connector.write() as conn:
                # Commit order = seq order, so a puller never skips a late-committing seq.
                await oplog.lock_log(conn)
                for i, job in enumerate(group):
                    sp = f"push_{i}"
                    await conn.execute(f"SAVEPOINT {sp}")
                    try:
                        result, settle = await self._run(conn, job.item)
                    except Exception as exc:
                        await conn.execute(f"ROLLBACK TO SAVEPOINT {sp}")
                        await conn.execute(f"RELEASE SAVEPOINT {sp}")
                        job.future.set_exception(exc)
                        continue
                    await conn.execute(f"RELEASE SAVEPOINT {sp}")
                    settle()
                    done.append((job, result))
        except BaseException as exc:
            # The group's transaction is gone: what its jobs settled in the fold cache
            # never committed.
            self._on_rollback()
            for job, _result in done:
                failed = exc if isinstance(exc, Exception) else RuntimeError(repr(exc))
                job.future.set_exception(failed)
            for job in group:
                if not job.future.done():
                    job.future.set_exception(RuntimeError("push group aborted"))
            if not isinstance(exc, Exception):
                raise
            log.warning("push group rolled back", error=repr(exc), pushes=len(group))
            return
        self.stats["groups"] += 1
        self.stats["jobs"] += len(group)
        self.stats["largest_group"] = max(self.stats["largest_group"], len(group))
        for job, result in done:
            with contextlib.suppress(asyncio.InvalidStateError):
                job.future.set_result(result)
