"""Which accepted ops notify whom. Runs after the push committed, off the request path.

* customer service changes an order on a courier's route (address, cancel, hold, a field):
  that courier is told "order changed, sync now";
* a label voided: the printers, to reprint;
* a delivery failed: customer service.
The dispatch slice calls `PushService.notify` itself for a new assignment.
"""

from __future__ import annotations

import asyncio

from server.logs import get_logger
from server.push.payload import Topic
from server.push.services import PushService
from sync import Op

log = get_logger(__name__)

ORDER_CHANGES = frozenset({"order.set_address", "order.cancel", "order.hold", "order.set_field"})
BY_KIND: dict[str, Topic] = {
    "label.void": Topic.NEEDS_REPRINT,
    "delivery.fail": Topic.FAILED_DELIVERY,
}


class Triggers:
    def __init__(self, push: PushService) -> None:
        self.push = push
        self._tasks: set[asyncio.Task[None]] = set()

    def __call__(self, warehouse: int, ops: list[Op]) -> None:
        relevant = [op for op in ops if op.kind in ORDER_CHANGES or op.kind in BY_KIND]
        if not relevant:
            return
        task = asyncio.create_task(self._notify(warehouse, relevant))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def settle(self) -> None:
        """Wait for scheduled lookups (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _notify(self, warehouse: int, ops: list[Op]) -> None:
        try:
            changed = sorted({op.eid for op in ops if op.kind in ORDER_CHANGES})
            for eid in changed:
                rows = await self.push.connector.fetch(
                    "SELECT courier FROM courier_route WHERE warehouse = ? AND eid = ?",
                    [warehouse, eid],
                )
                if rows:
                    await self.push.notify(
                        warehouse, Topic.ORDER_CHANGED, eid, users=[int(rows[0][0])]
                    )
            for op in ops:
                if op.kind in BY_KIND:
                    await self.push.notify(warehouse, BY_KIND[op.kind], op.eid)
        except Exception as exc:  # a notification is a hint; the sync carries the facts
            log.warning("push triggers failed", error=type(exc).__name__)
