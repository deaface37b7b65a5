"""The composition root: the only place that wires settings, database and slices together.

Services reach controllers as Litestar dependencies declared here, by name. Built once:
`settings`, `db` (the Piccolo engine and the raw `Connector`), `sync_service` (it keeps the
fold cache) and `orders_service` (the office lock, the op author, the clock). Built per
request by `server/<slice>/deps.py`: `identity_service`, `dispatch_service`,
`overview_service`, `waves_service`, `demo_service`, `health_service`, `quality_service`.
A handler asks for one by naming it as a parameter, e.g. `waves_service: WavesService`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin

from server import __version__
from server.barcodes.controllers import BarcodesController
from server.db.database import Database
from server.demo.controllers import DemoController, demo_only
from server.demo.deps import provide_demo_service
from server.diagnostics.controllers import DiagnosticsController
from server.dispatch.controllers import DispatchController
from server.dispatch.deps import provide_dispatch_service
from server.errors import EXCEPTION_HANDLERS
from server.evidence.controllers import EvidenceController
from server.evidence.deps import build_evidence_service
from server.health.controllers import HealthController
from server.health.deps import provide_health_service
from server.identity.controllers import AdminController, AuthController, DeviceController
from server.identity.deps import provide_identity_service
from server.identity.middleware import auth_middleware
from server.identity.services import IdentityService
from server.logs import structlog_plugin
from server.orders.controllers import CustomerServiceController, OrdersController
from server.orders.services import OrdersService, utcnow
from server.overview.controllers import OverviewController
from server.overview.deps import provide_overview_service
from server.push.controllers import PushController
from server.push.deps import build_push
from server.pwa import pwa_router
from server.quality.controllers import QualityController
from server.quality.deps import provide_quality_service
from server.settings import Settings
from server.shipping.controllers import ShippingController
from server.shipping.deps import provide_shipping_service
from server.sync.controllers import SyncController
from server.sync.notify import channels_plugin
from server.sync.services import SyncService
from server.waves.controllers import (
    OrderLabelsController,
    WaveDocumentsController,
    WavesController,
    WorkLogController,
)
from server.waves.deps import provide_waves_service

T = TypeVar("T")


def _once(value: T) -> Provide:
    """A dependency that is the same object for every request."""

    def provide() -> T:
        return value

    return Provide(provide, use_cache=True, sync_to_thread=False)


def _per_request(provider: Callable[..., object]) -> Provide:
    return Provide(provider, sync_to_thread=False)


def create_app(
    settings: Settings | None = None, *, clock: Callable[[], datetime] = utcnow
) -> Litestar:
    """The app. `clock` is the office's clock (wave cutoffs, import times); tests set it."""
    settings = settings or Settings.from_env()
    database = Database(settings)
    database.bind()
    channels = channels_plugin(database.url, settings.redis_url)
    sync = SyncService(database.connector, channels, settings.sse_keepalive_s)
    orders = OrdersService(sync, clock)
    evidence = build_evidence_service(database.connector, settings)
    push = build_push(database.connector, settings)
    sync.listeners.append(push.triggers)

    return Litestar(
        route_handlers=[
            HealthController,
            Router("/", route_handlers=[DemoController], guards=[demo_only(settings.demo)]),
            OverviewController,
            DiagnosticsController,
            AuthController,
            DeviceController,
            AdminController,
            SyncController,
            DispatchController,
            OrdersController,
            CustomerServiceController,
            OrderLabelsController,
            WavesController,
            WaveDocumentsController,
            WorkLogController,
            QualityController,
            EvidenceController,
            BarcodesController,
            PushController,
            ShippingController,
            pwa_router(settings.pwa_dir),
        ],
        dependencies={
            "settings": _once(settings),
            "db": _once(database),
            "sync_service": _once(sync),
            "orders_service": _once(orders),
            "evidence_service": _once(evidence),
            "push_service": _once(push.service),
            "push_public_key": _once(push.public_key),
            "identity_service": _per_request(provide_identity_service),
            "dispatch_service": _per_request(provide_dispatch_service),
            "overview_service": _per_request(provide_overview_service),
            "waves_service": _per_request(provide_waves_service),
            "demo_service": _per_request(provide_demo_service),
            "health_service": _per_request(provide_health_service),
            "quality_service": _per_request(provide_quality_service),
            "shipping_service": _per_request(provide_shipping_service),
        },
        lifespan=[database.lifespan, push.lifespan],
        middleware=[auth_middleware(IdentityService(database.connector))],
        plugins=[structlog_plugin(settings.log_level, settings.log_json), channels],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        request_max_body_size=settings.max_body_bytes,
        # A bootstrap of 10,000 orders is 5.6 MB of JSON and 0.7 MB gzipped: on a phone's
        # link that is the difference. The SSE stream must not be buffered by a compressor.
        # zlib's default level 6, not Litestar's 9: a 5.6 MB bootstrap compresses in about
        # half the time for 6% more bytes (bench/bootstrap_size.py prints both levels).
        compression_config=CompressionConfig(
            backend="gzip",
            minimum_size=1024,
            gzip_compress_level=6,
            # Pull and bootstrap compress their own answers off the loop (sync/codec.py).
            exclude=["/api/sync/stream", "/api/sync/pull", "/api/sync/bootstrap"],
        ),
        # The JSON document only: the interactive renderers load scripts from a CDN,
        # and Packline must work on a warehouse LAN with no internet.
        openapi_config=OpenAPIConfig(
            title="Packline",
            version=__version__,
            path="/schema",
            render_plugins=[JsonRenderPlugin(path="/")],
        ),
        debug=settings.debug,
    )
