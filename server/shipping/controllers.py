"""HTTP for the warehouse's shipping settings: everyone on the floor reads them (they also
come with the overview); only a manager changes them."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import JSONBody

from server.identity.middleware import principal_of, requires
from server.orders.access import AnyRequest, staff_of
from server.roles import Role
from server.shipping.schemas import ShipSettingsIn, ShipSettingsOut
from server.shipping.services import ShippingService


class ShippingController(Controller):
    path = "/api/shipping"
    tags = ["shipping"]

    @get(
        "/settings",
        guards=[requires(*Role)],
        summary="Crate handoff slots and promotion mode of this warehouse",
    )
    async def get_settings(
        self, request: AnyRequest, shipping_service: NamedDependency[ShippingService]
    ) -> ShipSettingsOut:
        return await shipping_service.settings(principal_of(request).warehouse_id)

    @put("/settings", guards=[requires(Role.MANAGER)], summary="Set crate slots and promotion")
    async def set_settings(
        self,
        request: AnyRequest,
        data: JSONBody[ShipSettingsIn],
        shipping_service: NamedDependency[ShippingService],
    ) -> ShipSettingsOut:
        p = principal_of(request)
        return await shipping_service.set_settings(
            p.warehouse_id, staff_of(p).code, data.crate_slots, data.promotion
        )
