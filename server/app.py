"""The composition root: the only place that wires settings, database and slices together."""

from __future__ import annotations

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin

from server import __version__
from server.db.database import Database
from server.demo.controllers import DemoController
from server.diagnostics.controllers import DiagnosticsController
from server.dispatch.controllers import DispatchController
from server.errors import EXCEPTION_HANDLERS
from server.health.controllers import HealthController
from server.identity.controllers import AdminController, AuthController, DeviceController
from server.identity.middleware import auth_middleware
from server.logs import structlog_plugin
from server.orders.controllers import CustomerServiceController, OrdersController
from server.orders.services import OrdersService
from server.overview.controllers import OverviewController
from server.pwa import pwa_router
from server.settings import Settings
from server.sync.controllers import SyncController
from server.sync.notify import channels_plugin
from server.sync.services import SyncService
from server.waves.controllers import (
    OrderLabelsController,
    WaveDocumentsController,
    WorkLogController,
)
from server.waves.controllers.waves import WavesController


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    database = Database(settings)
    database.bind()
    sync = SyncService(database.url, settings.sqlite_busy_timeout_ms, settings.sse_keepalive_s)
    orders = OrdersService(sync)

    def provide_db() -> Database:
        return database

    return Litestar(
        route_handlers=[
            HealthController,
            DemoController,
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
            pwa_router(settings.pwa_dir),
        ],
        dependencies={"db": Provide(provide_db, sync_to_thread=False)},
        lifespan=[database.lifespan, sync.lifespan],
        middleware=[auth_middleware()],
        plugins=[
            structlog_plugin(settings.log_level, settings.log_json),
            channels_plugin(database.url, settings.redis_url),
        ],
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
            exclude=["/api/sync/stream"],
        ),
        # The JSON document only: the interactive renderers load scripts from a CDN,
        # and Packline must work on a warehouse LAN with no internet.
        openapi_config=OpenAPIConfig(
            title="Packline",
            version=__version__,
            path="/schema",
            render_plugins=[JsonRenderPlugin(path="/")],
        ),
        state=State(
            {
                "settings": settings,
                "database": database,
                "sync": sync,
                "orders": orders,
            }
        ),
        debug=settings.debug,
    )
