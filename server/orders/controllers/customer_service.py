"""HTTP for customer service 客服: address, lines, special requests, hold/release/cancel, notes."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.params import JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK

from server.identity.middleware import principal_of, requires, signed_in
from server.orders import changes
from server.orders.access import AnyRequest
from server.orders.carriers import STORED, parse_carrier
from server.orders.model import ADDRESS_KEYS
from server.orders.schemas import (
    AddressIn,
    ChangeOut,
    LineAttributesIn,
    LinesIn,
    NoteOut,
    ReasonIn,
    RequestsIn,
)
from server.orders.services import OrdersService
from server.roles import Role

Eid = Annotated[str, PathParameter(max_length=256)]
CS = [requires(Role.CS, Role.MANAGER)]
HOLDERS = [requires(Role.CS, Role.EXCEPTIONS, Role.MANAGER)]


class CustomerServiceController(Controller):
    path = "/api/orders/{eid:str}"
    tags = ["customer service"]

    @post("/address", guards=CS, status_code=HTTP_200_OK, summary="Change recipient/address")
    async def address(
        self,
        request: AnyRequest,
        eid: Eid,
        data: JSONBody[AddressIn],
        orders_service: NamedDependency[OrdersService],
    ) -> ChangeOut:
        values = {k: getattr(data, k) for k in ADDRESS_KEYS if getattr(data, k) is not None}
        if not values:
            raise ClientException(f"give at least one of {', '.join(ADDRESS_KEYS)}")
        for key in ("recipient_name", "recipient_phone", "address_detail"):
            if key in values and not values[key].strip():
                raise ClientException(f"{key} cannot be empty")

        return await orders_service.change(
            principal_of(request), eid, lambda o: changes.address_change(o, values), data.note
        )

    @post("/lines", guards=CS, status_code=HTTP_200_OK, summary="Replace the order's lines")
    async def lines(
        self,
        request: AnyRequest,
        eid: Eid,
        data: JSONBody[LinesIn],
        orders_service: NamedDependency[OrdersService],
    ) -> ChangeOut:
        lines: dict[str, int] = {}
        for line in data.lines:
            lines[line.sku] = lines.get(line.sku, 0) + line.qty
        return await orders_service.change_lines(principal_of(request), eid, lines, data.note)

    @post("/line-attributes", guards=CS, status_code=HTTP_200_OK, summary="Set line attributes")
    async def line_attributes(
        self,
        request: AnyRequest,
        eid: Eid,
        data: JSONBody[LineAttributesIn],
        orders_service: NamedDependency[OrdersService],
    ) -> ChangeOut:
        return await orders_service.change(
            principal_of(request),
            eid,
            lambda o: changes.attributes_change(o, data.attributes),
            data.note,
        )

    @post("/requests", guards=CS, status_code=HTTP_200_OK, summary="Carrier, invoice, card, window")
    async def requests(
        self,
        request: AnyRequest,
        eid: Eid,
        data: JSONBody[RequestsIn],
        orders_service: NamedDependency[OrdersService],
    ) -> ChangeOut:
        values = {
            k: getattr(data, k)
            for k in ("carrier", "invoice_title", "greeting_card", "delivery_window")
            if getattr(data, k) is not None
        }
        if not values:
            raise ClientException("give at least one special request")
        if "carrier" in values:
            carrier = parse_carrier(values["carrier"])
            if carrier is None:
                raise ClientException(f"unknown carrier {values['carrier']!r}")
            values["carrier"] = STORED[carrier]

        return await orders_service.change(
            principal_of(request), eid, lambda o: changes.requests_change(o, values), data.note
        )

    @post("/hold", guards=HOLDERS, status_code=HTTP_200_OK, summary="Hold 特殊标记: never printed")
    async def hold(
        self,
        request: AnyRequest,
        eid: Eid,
        data: JSONBody[ReasonIn],
        orders_service: NamedDependency[OrdersService],
    ) -> ChangeOut:
        return await orders_service.change(
            principal_of(request),
            eid,
            lambda o: changes.hold_change(o, True, data.reason),
            data.reason,
        )

    @post("/release", guards=HOLDERS, status_code=HTTP_200_OK, summary="Release a hold")
    async def release(
        self,
        request: AnyRequest,
        eid: Eid,
        data: JSONBody[ReasonIn],
        orders_service: NamedDependency[OrdersService],
    ) -> ChangeOut:
        return await orders_service.change(
            principal_of(request),
            eid,
            lambda o: changes.hold_change(o, False, data.reason),
            data.reason,
        )

    @post("/cancel", guards=CS, status_code=HTTP_200_OK, summary="Cancel; live labels are voided")
    async def cancel(
        self,
        request: AnyRequest,
        eid: Eid,
        data: JSONBody[ReasonIn],
        orders_service: NamedDependency[OrdersService],
    ) -> ChangeOut:
        return await orders_service.change(
            principal_of(request), eid, lambda o: changes.cancel_change(o, data.reason), data.reason
        )

    @get("/notes", guards=[signed_in], summary="Flagged notes 红旗备注, oldest first")
    async def notes(
        self, request: AnyRequest, eid: Eid, orders_service: NamedDependency[OrdersService]
    ) -> list[NoteOut]:
        return await orders_service.notes(principal_of(request), eid)
