"""HTTP for customer service 客服: address, lines, special requests, hold/release/cancel, notes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from litestar import Controller, get, post
from litestar.exceptions import ClientException, HTTPException
from litestar.params import JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK, HTTP_409_CONFLICT

from server.identity.middleware import principal_of, requires, signed_in
from server.orders import changes, repo
from server.orders.access import AnyRequest, order_for, service_of, staff_of
from server.orders.carriers import STORED, parse_carrier
from server.orders.changes import Change, ChangeRefusedError
from server.orders.model import ADDRESS_KEYS, OrderView
from server.orders.notes import note_history
from server.orders.schemas import (
    AddressIn,
    ChangeOut,
    LineAttributesIn,
    LinesIn,
    NoteOut,
    ReasonIn,
    RequestsIn,
)
from server.orders.views import order_out
from server.roles import Role

Eid = Annotated[str, PathParameter(max_length=256)]
CS = [requires(Role.CS, Role.MANAGER)]
HOLDERS = [requires(Role.CS, Role.EXCEPTIONS, Role.MANAGER)]


async def _change(
    request: AnyRequest, eid: str, make: Callable[[OrderView], Awaitable[Change]], note: str
) -> ChangeOut:
    """Load (warehouse-checked), build the change, push it with its flagged note, re-read."""
    p = principal_of(request)
    service = service_of(request)
    async with service.lock:
        order = await order_for(p, eid)
        try:
            change = await make(order)
            await changes.apply(service, order, change, staff_of(p), note)
        except ChangeRefusedError as exc:
            raise HTTPException(status_code=HTTP_409_CONFLICT, detail=str(exc)) from exc
    fresh = await order_for(p, eid)
    return ChangeOut(
        eid=eid, change=change.name, needs_reprint=fresh.needs_reprint, order=order_out(fresh)
    )


class CustomerServiceController(Controller):
    path = "/api/orders/{eid:str}"
    tags = ["customer service"]

    @post("/address", guards=CS, status_code=HTTP_200_OK, summary="Change recipient/address")
    async def address(self, request: AnyRequest, eid: Eid, data: JSONBody[AddressIn]) -> ChangeOut:
        values = {k: getattr(data, k) for k in ADDRESS_KEYS if getattr(data, k) is not None}
        if not values:
            raise ClientException(f"give at least one of {', '.join(ADDRESS_KEYS)}")
        for key in ("recipient_name", "recipient_phone", "address_detail"):
            if key in values and not values[key].strip():
                raise ClientException(f"{key} cannot be empty")

        async def make(order: OrderView) -> Change:
            return changes.address_change(order, values)

        return await _change(request, eid, make, data.note)

    @post("/lines", guards=CS, status_code=HTTP_200_OK, summary="Replace the order's lines")
    async def lines(self, request: AnyRequest, eid: Eid, data: JSONBody[LinesIn]) -> ChangeOut:
        lines: dict[str, int] = {}
        for line in data.lines:
            lines[line.sku] = lines.get(line.sku, 0) + line.qty

        async def make(order: OrderView) -> Change:
            known = await repo.skus(list(lines))
            unknown = sorted(set(lines) - set(known))
            if unknown:
                raise ClientException(f"unknown SKU {unknown[0]}")
            return changes.lines_change(order, lines)

        return await _change(request, eid, make, data.note)

    @post("/line-attributes", guards=CS, status_code=HTTP_200_OK, summary="Set line attributes")
    async def line_attributes(
        self, request: AnyRequest, eid: Eid, data: JSONBody[LineAttributesIn]
    ) -> ChangeOut:
        async def make(order: OrderView) -> Change:
            return changes.attributes_change(order, data.attributes)

        return await _change(request, eid, make, data.note)

    @post("/requests", guards=CS, status_code=HTTP_200_OK, summary="Carrier, invoice, card, window")
    async def requests(
        self, request: AnyRequest, eid: Eid, data: JSONBody[RequestsIn]
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

        async def make(order: OrderView) -> Change:
            return changes.requests_change(order, values)

        return await _change(request, eid, make, data.note)

    @post("/hold", guards=HOLDERS, status_code=HTTP_200_OK, summary="Hold 特殊标记: never printed")
    async def hold(self, request: AnyRequest, eid: Eid, data: JSONBody[ReasonIn]) -> ChangeOut:
        async def make(order: OrderView) -> Change:
            return changes.hold_change(order, True, data.reason)

        return await _change(request, eid, make, data.reason)

    @post("/release", guards=HOLDERS, status_code=HTTP_200_OK, summary="Release a hold")
    async def release(self, request: AnyRequest, eid: Eid, data: JSONBody[ReasonIn]) -> ChangeOut:
        async def make(order: OrderView) -> Change:
            return changes.hold_change(order, False, data.reason)

        return await _change(request, eid, make, data.reason)

    @post("/cancel", guards=CS, status_code=HTTP_200_OK, summary="Cancel; live labels are voided")
    async def cancel(self, request: AnyRequest, eid: Eid, data: JSONBody[ReasonIn]) -> ChangeOut:
        async def make(order: OrderView) -> Change:
            return changes.cancel_change(order, data.reason)

        return await _change(request, eid, make, data.reason)

    @get("/notes", guards=[signed_in], summary="Flagged notes 红旗备注, oldest first")
    async def notes(self, request: AnyRequest, eid: Eid) -> list[NoteOut]:
        await order_for(principal_of(request), eid)
        return await note_history(eid)
