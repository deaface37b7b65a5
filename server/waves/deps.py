"""Dependencies of the waves slice (declared in `server.app.create_app`)."""

from __future__ import annotations

from litestar.di import NamedDependency

from server.orders.services import OrdersService
from server.waves.services import WavesService


def provide_waves_service(orders_service: NamedDependency[OrdersService]) -> WavesService:
    return WavesService(orders_service)
