"""The sync wire, server side: push, pull and bootstrap bodies, and the office's queues."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from server.schemas import Schema
from sync import ExceptionRecord, Fact, Op

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


class PullResponse(Schema):
    """What a pull answers (the ops are spliced in from the log as stored, not re-encoded)."""

    ops: list[Op]
    cursor: int
    more: bool


class BootstrapResponse(Schema):
    """What a bootstrap answers: the partition's live ops, its cursor, open exceptions."""

    ops: list[Op]
    cursor: int
    exceptions: list[ExceptionRecord]


class ExceptionOut(Schema):
    """An exception record of the office queue, with whether it is still open."""

    id: str
    kind: str
    etype: str
    eid: str
    facts: tuple[Fact, ...]
    detail: dict[str, Any]
    resolved: bool


class RejectedOut(Schema):
    op_id: str
    device_id: str
    actor: str
    reason: str
    detail: str
    op_json: str
    received_at: str
