"""HTTP for sync: push, pull, bootstrap, the live stream, and the office's queues."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, HTTPException
from litestar.params import QueryParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage
from litestar.status_codes import HTTP_410_GONE

from server.db.tables import RejectedOp, SyncException
from server.identity.auth import resolve
from server.identity.middleware import principal_of, requires, signed_in
from server.roles import Role
from server.sync.codec import encode_for, ops_response, parse_push
from server.sync.notify import channel_for, with_keepalives
from server.sync.reader import CursorExpired
from server.sync.services import SyncService

AnyRequest = Request[Any, Any, Any]
Office = [requires(Role.EXCEPTIONS, Role.MANAGER, Role.CS)]


def _svc(request: AnyRequest) -> SyncService:
    service: SyncService = request.app.state["sync"]
    return service


class SyncController(Controller):
    path = "/api/sync"
    tags = ["sync"]
    guards = [signed_in]

    @post("/push", status_code=200, summary="Push a batch of ops (JSON or MessagePack)")
    async def push(self, request: AnyRequest) -> Response[bytes]:
        principal = principal_of(request)
        ops, undecodable = parse_push(await request.body(), request.headers.get("content-type", ""))
        for i, op in enumerate(ops):
            if op.device != principal.device_id:
                raise ClientException(
                    f"op {i} ({op.id}) was minted by device {op.device!r}, "
                    f"but this is {principal.device_id!r}"
                )
        results, cursor = await _svc(request).push(
            principal, ops, principal.warehouse_id, undecodable
        )
        out = [
            {"id": r.id, "status": r.status, **({"reason": r.reason} if r.reason else {})}
            for r in results
        ]
        out += [{"id": u.ref, "status": "rejected", "reason": "decode_error"} for u in undecodable]
        return encode_for(request, {"results": out, "cursor": cursor})

    @get("/pull", summary="Ops since a cursor, in this device's partitions")
    async def pull(
        self,
        request: AnyRequest,
        cursor: Annotated[int, QueryParameter(ge=0)] = 0,
        limit: Annotated[int, QueryParameter(ge=1, le=5000)] = 500,
    ) -> Response[bytes]:
        try:
            page = await _svc(request).reader.pull(principal_of(request), cursor, limit)
        except CursorExpired as exc:
            raise HTTPException(
                status_code=HTTP_410_GONE,
                detail="cursor expired: bootstrap again",
                extra={"rebootstrap": True},
            ) from exc
        return ops_response(request, page.ops, cursor=page.cursor, more=page.more)

    @get("/bootstrap", summary="The live op set of this device's partitions, and its cursor")
    async def bootstrap(self, request: AnyRequest) -> Response[bytes]:
        ops, cursor, exceptions = await _svc(request).reader.bootstrap(principal_of(request))
        return ops_response(
            request, ops, cursor=cursor, exceptions=[json.loads(e) for e in exceptions]
        )

    @get("/stream", summary="Server-Sent Events: a poke with the newest cursor")
    async def stream(
        self, request: AnyRequest, channels: NamedDependency[ChannelsPlugin]
    ) -> ServerSentEvent:
        principal = principal_of(request)
        token = str(request.auth)
        svc = _svc(request)

        async def events() -> AsyncGenerator[ServerSentEventMessage, None]:
            async with channels.start_subscription([channel_for(principal.warehouse_id)]) as sub:
                # Only once subscribed: a client that pulls after "hello" misses no poke.
                yield ServerSentEventMessage(
                    event="hello", data=json.dumps({"device": principal.device_id})
                )
                async for raw in with_keepalives(sub.iter_events(), svc.keepalive_s):
                    if raw is not None:
                        yield ServerSentEventMessage(event="poke", data=raw.decode())
                        continue
                    # A revoked device's stream ends at the next keepalive.
                    if await resolve(svc.connector, token) is None:
                        return
                    yield ServerSentEventMessage(comment="keepalive")

        return ServerSentEvent(events())

    @get("/exceptions", guards=Office, summary="The exception queue of this warehouse")
    async def exceptions(
        self, request: AnyRequest, include_resolved: Annotated[bool, QueryParameter()] = False
    ) -> list[dict[str, Any]]:
        query = SyncException.select().where(
            SyncException.warehouse == principal_of(request).warehouse_id
        )
        if not include_resolved:
            query = query.where(SyncException.resolved_at.is_null())
        rows = await query.order_by(SyncException.id).run()
        return [{**json.loads(r["record"]), "resolved": r["resolved_at"] is not None} for r in rows]

    @get("/rejected", guards=Office, summary="Ops the server refused, with the reason")
    async def rejected(self, request: AnyRequest) -> list[dict[str, Any]]:
        rows = await (
            RejectedOp.select(
                RejectedOp.op_id,
                RejectedOp.device_id,
                RejectedOp.actor,
                RejectedOp.reason,
                RejectedOp.detail,
                RejectedOp.op_json,
                RejectedOp.received_at,
            )
            .where(RejectedOp.warehouse == principal_of(request).warehouse_id)
            .order_by(RejectedOp.id)
            .run()
        )
        return [{**r, "received_at": r["received_at"].isoformat()} for r in rows]
