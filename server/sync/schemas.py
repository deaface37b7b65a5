from __future__ import annotations

from typing import Annotated

import msgspec

from server.schemas import Schema

MAX_PUSH_OPS = 1000


class PushRequest(Schema):
    # Raw: each op is decoded by the sync core itself, so a bad op is reported alone.
    ops: Annotated[list[msgspec.Raw], msgspec.Meta(max_length=MAX_PUSH_OPS)]


class OpResultOut(Schema, omit_defaults=True):
    id: str
    status: str
    reason: str | None = None


class PushResponse(Schema):
    results: list[OpResultOut]
    cursor: int


class RejectedOut(Schema):
    op_id: str
    device_id: str
    actor: str
    reason: str
    detail: str
    op_json: str
    received_at: str


class RouteAssign(Schema):
    eid: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
    courier: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
