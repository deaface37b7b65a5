"""Dependencies of the dispatch slice (declared in `server.app.create_app`)."""

from __future__ import annotations

from litestar.di import NamedDependency

from server.dispatch.services import DispatchService
from server.push.services import PushService
from server.sync.services import SyncService


def provide_dispatch_service(
    sync_service: NamedDependency[SyncService], push_service: NamedDependency[PushService]
) -> DispatchService:
    return DispatchService(sync_service, push_service)
