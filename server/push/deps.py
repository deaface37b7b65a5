"""Building the push parts once (declared in `server.app.create_app`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from litestar import Litestar

from server.db import Connector
from server.push.services import PushService
from server.push.triggers import Triggers
from server.push.vapid import application_server_key, load_or_create
from server.push.worker import PushWorker
from server.settings import Settings


@dataclass
class Push:
    service: PushService
    worker: PushWorker
    public_key: str
    triggers: Triggers

    @asynccontextmanager
    async def lifespan(self, _app: Litestar) -> AsyncIterator[None]:
        await self.worker.start()
        try:
            yield
        finally:
            await self.triggers.settle()
            await self.worker.stop()


def build_push(connector: Connector, settings: Settings) -> Push:
    """The VAPID key is created on the first start, beside the data."""
    vapid = load_or_create(settings.data_path / "push")
    allow = settings.push_allow_loopback_for_tests
    holder: list[PushService] = []

    async def forget(subscription: int) -> None:
        await holder[0].forget(subscription)

    worker = PushWorker(vapid, settings.push_contact, forget, allow_loopback=allow)
    service = PushService(connector, worker, allow)
    holder.append(service)
    return Push(service, worker, application_server_key(vapid), Triggers(service))
