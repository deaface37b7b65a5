"""Subscriptions and who gets which notification; the sending is the worker's.

`notify` only reads the recipients' subscriptions and queues messages, so a request that
causes a notification (an op pushed, a route assigned) never waits on a push service.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from server.db import Connector, stamp
from server.identity.principal import Principal
from server.push.guard import check_endpoint
from server.push.payload import Topic, payload
from server.push.schemas import SubscriptionIn
from server.push.worker import Job, PushWorker
from server.roles import Role, parse_roles

# Who hears about what (domain.md: printer, customer service, exception handler, courier,
# shipper). A topic about one courier's order goes to that courier only (`users=`).
AUDIENCE: dict[Topic, tuple[Role, ...]] = {
    Topic.WAVE_READY: (Role.PRINTER,),
    Topic.NEEDS_REPRINT: (Role.PRINTER,),
    Topic.SHORTAGE: (Role.CS,),
    Topic.FAILED_DELIVERY: (Role.CS,),
    Topic.NEW_EXCEPTION: (Role.EXCEPTIONS,),
    Topic.NEW_ASSIGNMENT: (),
    Topic.ORDER_CHANGED: (),
    Topic.CRATE_OVERDUE: (Role.PICKER,),
}

_SUBS = (
    'SELECT s.id, s.endpoint, s.p256dh, s.auth, s."user", u.roles FROM push_subscription s'
    ' JOIN app_user u ON u.id = s."user" WHERE s.warehouse = ?'
)


class PushService:
    def __init__(self, connector: Connector, worker: PushWorker, allow_loopback: bool) -> None:
        self.connector = connector
        self.worker = worker
        self.allow_loopback = allow_loopback

    async def subscribe(self, who: Principal, sub: SubscriptionIn) -> None:
        """Bind the browser's subscription to whoever is signed in on it now (a shared
        handheld's next user takes it over). Raises EndpointRefused."""
        check_endpoint(sub.endpoint, allow_loopback=self.allow_loopback)
        async with self.connector.write() as conn:
            await conn.execute("DELETE FROM push_subscription WHERE endpoint = ?", [sub.endpoint])
            await conn.execute(
                'INSERT INTO push_subscription (warehouse, "user", device_id, endpoint, p256dh,'
                " auth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    who.warehouse_id,
                    who.user_pk,
                    who.device_id,
                    sub.endpoint,
                    sub.keys.p256dh,
                    sub.keys.auth,
                    stamp(conn, datetime.now(UTC)),
                ],
            )

    async def unsubscribe(self, who: Principal, endpoint: str) -> None:
        async with self.connector.write() as conn:
            await conn.execute(
                'DELETE FROM push_subscription WHERE endpoint = ? AND warehouse = ? AND "user" = ?',
                [endpoint, who.warehouse_id, who.user_pk],
            )

    async def forget(self, subscription: int) -> None:
        """The push service said the subscription is gone (404/410) or it is not allowed."""
        async with self.connector.write() as conn:
            await conn.execute("DELETE FROM push_subscription WHERE id = ?", [subscription])

    async def notify(
        self, warehouse: int, topic: Topic, ref: str = "", users: Iterable[int] = ()
    ) -> int:
        """Queue the notification for its audience; returns how many messages were queued."""
        wanted_users = set(users)
        roles = set(AUDIENCE[topic])
        data = payload(topic, ref)
        queued = 0
        for sid, endpoint, p256dh, auth, user, stored_roles in await self.connector.fetch(
            _SUBS, [warehouse]
        ):
            held = set(parse_roles(str(stored_roles)))
            if int(user) in wanted_users or roles & held:
                self.worker.submit(Job(int(sid), str(endpoint), str(p256dh), str(auth), data))
                queued += 1
        return queued
