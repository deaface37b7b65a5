"""Dependencies of the shipping slice (declared in `server.app.create_app`)."""

from __future__ import annotations

from server.shipping.services import ShippingService


def provide_shipping_service() -> ShippingService:
    return ShippingService()
