"""The sync wire, server side: push, pull and bootstrap bodies, and the refused-op queue.

`protocol` is the client's protocol version (docs/sync-server.md, "Protocol version"); the
sync core's `PROTOCOL_VERSION` is the one this server speaks.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from server.schemas import Schema
from sync import ExceptionRecord, Op

MAX_PUSH_OPS = 1000


class PushRequest(Schema):
    # Raw: each op is decoded by the sync core itself, so a bad op is reported alone.
    ops: Annotated[list[msgspec.Raw], msgspec.Meta(max_length=MAX_PUSH_OPS)]
    # Optional here so that a client too old to send it gets 426, not 400.
    protocol: int | None = None


class VersionProbe(msgspec.Struct):
    """Only the version of a push body that did not decode: an older client's envelope may
    not be today's, and it must hear "update required", not "malformed"."""

    protocol: int | None = None


class OpResultOut(Schema, omit_defaults=True):
    id: str
    status: str
    reason: str | None = None


class PushResponse(Schema):
    protocol: int
    results: list[OpResultOut]
    cursor: int


class PullResponse(Schema):
    """What a pull answers (the ops are spliced in from the log as stored, not re-encoded)."""

    ops: list[Op]
    cursor: int
    more: bool
    protocol: int


class BootstrapResponse(Schema):
    """What a bootstrap answers: the partition's live ops, its cursor, open exceptions."""

    ops: list[Op]
    cursor: int
    exceptions: list[ExceptionRecord]
    protocol: int


class RejectedOut(Schema):
    op_id: str
    device_id: str
    actor: str
    reason: str
    detail: str
    op_json: str
    received_at: str
