"""HTTP for sync: push, pull, bootstrap, the live stream, and the ops the server refused.

The exception queue has no route of its own: devices derive it from their op set, and the
bootstrap carries the open exceptions over ops compacted away (one road, issue 10).
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, HTTPException
from litestar.openapi import ResponseSpec
from litestar.params import QueryParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage
from litestar.status_codes import HTTP_410_GONE, HTTP_429_TOO_MANY_REQUESTS

import sync
from server.identity.ended import ended_channel, ended_device
from server.identity.middleware import principal_of, requires, signed_in
from server.identity.services import IdentityService
from server.openapi import schema_ref, with_request_body
from server.roles import Role
from server.sync.codec import (
    BOOTSTRAP_GZIP_LEVEL,
    MSGPACK,
    PULL_GZIP_LEVEL,
    encode_for,
    ops_response,
    parse_push,
)
from server.sync.group import Busy
from server.sync.notify import channel_for, with_keepalives
from server.sync.protocol import check_protocol
from server.sync.reader import CursorExpired
from server.sync.schemas import (
    MAX_PUSH_OPS,
    BootstrapResponse,
    OpResultOut,
    PullResponse,
    PushResponse,
    RejectedOut,
)
from server.sync.services import SyncService

AnyRequest = Request[Any, Any, Any]
MAX_CURSOR = 2**53 - 1
_PUSH_BODY = {
    "type": "object",
    "required": ["ops", "protocol"],
    "additionalProperties": False,
    "properties": {
        "protocol": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
        "ops": {"type": "array", "maxItems": MAX_PUSH_OPS, "items": schema_ref("Op")},
    },
}
PUSH_OPERATION = with_request_body(
    {
        "required": True,
        "description": "ops minted on this device, as JSON or the same shape in MessagePack",
        "content": {"application/json": {"schema": _PUSH_BODY}, MSGPACK: {"schema": _PUSH_BODY}},
    }
)
Office = [requires(Role.EXCEPTIONS, Role.MANAGER, Role.CS)]
Protocol = Annotated[
    int | None, QueryParameter(ge=0, le=2**31 - 1, description="the client's protocol version")
]


class SyncController(Controller):
    path = "/api/sync"
    tags = ["sync"]
    guards = [signed_in]

    @post(
        "/push",
        status_code=200,
        summary="Push a batch of ops (JSON or MessagePack)",
        responses={200: ResponseSpec(PushResponse, description="one result per op")},
        operation_class=PUSH_OPERATION,
    )
    async def push(
        self, request: AnyRequest, sync_service: NamedDependency[SyncService]
    ) -> Response[bytes]:
        principal = principal_of(request)
        ops, undecodable = parse_push(await request.body(), request.headers.get("content-type", ""))
        for i, op in enumerate(ops):
            if op.device != principal.device_id:
                raise ClientException(
                    f"op {i} ({op.id}) was minted by device {op.device!r}, "
                    f"but this is {principal.device_id!r}"
                )
        try:
            results, cursor = await sync_service.push(
                principal, ops, principal.warehouse_id, undecodable
            )
        except Busy as exc:
            # Nothing was taken: the device keeps its ops and sends them again later.
            return Response(
                json.dumps({"status_code": 429, "detail": str(exc)}).encode(),
                status_code=HTTP_429_TOO_MANY_REQUESTS,
                media_type="application/json",
                headers={"Retry-After": str(exc.retry_after_s)},
            )
        out = [OpResultOut(id=r.id, status=r.status, reason=r.reason) for r in results]
        out += [
            OpResultOut(id=u.ref, status="rejected", reason="decode_error") for u in undecodable
        ]
        body = PushResponse(protocol=sync.PROTOCOL_VERSION, results=out, cursor=cursor)
        return encode_for(request, body)

    @get(
        "/pull",
        summary="Ops since a cursor, in this device's partitions",
        responses={200: ResponseSpec(PullResponse, description="a page of ops")},
    )
    async def pull(
        self,
        request: AnyRequest,
        sync_service: NamedDependency[SyncService],
        # An op log position; the PWA holds it as a JS number, so at most 2**53 - 1 (and a
        # larger one is a 400, never an OverflowError in the driver).
        cursor: Annotated[int, QueryParameter(ge=0, le=MAX_CURSOR)] = 0,
        limit: Annotated[int, QueryParameter(ge=1, le=5000)] = 500,
        protocol: Protocol = None,
    ) -> Response[bytes]:
        check_protocol(protocol)
        try:
            page = await sync_service.pull(principal_of(request), cursor, limit)
        except CursorExpired as exc:
            raise HTTPException(
                status_code=HTTP_410_GONE,
                detail="cursor expired: bootstrap again",
                extra={"rebootstrap": True},
            ) from exc
        return await ops_response(
            request,
            page.ops,
            PULL_GZIP_LEVEL,
            cursor=page.cursor,
            more=page.more,
            protocol=sync.PROTOCOL_VERSION,
        )

    @get(
        "/bootstrap",
        summary="The live op set of this device's partitions, and its cursor",
        responses={200: ResponseSpec(BootstrapResponse, description="a snapshot")},
    )
    async def bootstrap(
        self,
        request: AnyRequest,
        sync_service: NamedDependency[SyncService],
        protocol: Protocol = None,
    ) -> Response[bytes]:
        check_protocol(protocol)
        snap = await sync_service.bootstrap(principal_of(request))
        return await ops_response(
            request,
            snap.ops,
            BOOTSTRAP_GZIP_LEVEL,
            cursor=snap.cursor,
            exceptions=[json.loads(e) for e in snap.exceptions],
            protocol=sync.PROTOCOL_VERSION,
        )

    @get("/stream", summary="Server-Sent Events: a poke with the newest cursor")
    async def stream(
        self,
        request: AnyRequest,
        sync_service: NamedDependency[SyncService],
        identity_service: NamedDependency[IdentityService],
        channels: NamedDependency[ChannelsPlugin],
    ) -> ServerSentEvent:
        principal = principal_of(request)
        token = str(request.auth)
        keepalive_s = sync_service.keepalive_s

        wh = principal.warehouse_id

        async def events() -> AsyncGenerator[ServerSentEventMessage, None]:
            async with channels.start_subscription([channel_for(wh), ended_channel(wh)]) as sub:
                # Only once subscribed: a client that pulls after "hello" misses no poke.
                yield ServerSentEventMessage(
                    event="hello", data=json.dumps({"device": principal.device_id})
                )
                async for raw in with_keepalives(sub.iter_events(), keepalive_s):
                    if raw is None:
                        # Expiry (and a revoke from the CLI, which has no channels) ends
                        # the stream at the next keepalive.
                        if not await identity_service.still_valid(token):
                            return
                        yield ServerSentEventMessage(comment="keepalive")
                        continue
                    ended = ended_device(raw)
                    if ended is None:
                        yield ServerSentEventMessage(event="poke", data=raw.decode())
                    elif ended == principal.device_id and not await identity_service.still_valid(
                        token
                    ):
                        return  # revoked, signed out or replaced: now, whatever the traffic

        return ServerSentEvent(events())

    @get("/rejected", guards=Office, summary="Ops the server refused, with the reason")
    async def rejected(
        self, request: AnyRequest, sync_service: NamedDependency[SyncService]
    ) -> list[RejectedOut]:
        return await sync_service.rejected(principal_of(request).warehouse_id)
