"""HTTP for Web Push: the server's public key, and subscribing after sign-in."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from server.identity.middleware import principal_of, signed_in
from server.push.guard import EndpointRefused
from server.push.schemas import PublicKey, Subscribed, SubscriptionIn, Unsubscribe
from server.push.services import PushService


class PushController(Controller):
    path = "/api/push"
    tags = ["push"]
    guards = [signed_in]

    @get("/key", summary="The VAPID public key (applicationServerKey)")
    async def key(self, push_public_key: NamedDependency[str]) -> PublicKey:
        return PublicKey(key=push_public_key)

    @post("/subscriptions", status_code=HTTP_201_CREATED, summary="Subscribe this browser")
    async def subscribe(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[SubscriptionIn],
        push_service: NamedDependency[PushService],
    ) -> Subscribed:
        try:
            await push_service.subscribe(principal_of(request), data)
        except EndpointRefused as exc:
            raise HTTPException(
                status_code=422,
                detail=f"push endpoint refused: {exc}",
                extra={"code": "endpoint_refused"},
            ) from exc
        return Subscribed(endpoint=data.endpoint)

    @post("/unsubscribe", status_code=HTTP_204_NO_CONTENT, summary="Unsubscribe this browser")
    async def unsubscribe(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[Unsubscribe],
        push_service: NamedDependency[PushService],
    ) -> None:
        await push_service.unsubscribe(principal_of(request), data.endpoint)
