"""The sync messages as they travel (docs/sync-server.md "Transport"): push, pull and
bootstrap, requests and answers. pwa/src/sync/wire.ts is the twin and
tests/vectors/wire.json pins the shapes for both languages.

A push body is `{"protocol": n, "ops": [...]}` (JSON or MessagePack); pull and bootstrap
take `?protocol=n`; every answer names the server's `protocol`. These are plain msgspec
Structs (the core stays free of any web framework); the server uses them as its schemas.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from sync.errors import ExceptionRecord
from sync.op import Op

MAX_PUSH_OPS = 1000
"""Ops in one push at the most (a larger outbox pushes in several batches)."""

PushStatus = str
"""accepted | duplicate | rejected (a newer server may add more; a client keeps any op it
does not know to be stored, so an unknown status is never taken for a success)."""


class _Message(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Unknown fields are a client bug, so they are rejected."""


class PushRequest(_Message):
    # Raw: each op is decoded by the sync core itself, so a bad op is reported alone.
    ops: Annotated[list[msgspec.Raw], msgspec.Meta(max_length=MAX_PUSH_OPS)]
    # Optional here so that a client too old to send it gets 426, not 400.
    protocol: int | None = None


class VersionProbe(msgspec.Struct):
    """Only the version of a push body that did not decode: an older client's envelope may
    not be today's, and it must hear "update required", not "malformed"."""

    protocol: int | None = None


class OpResult(_Message, omit_defaults=True):
    """The answer for one pushed op: `reason` says why it was rejected."""

    id: str
    status: PushStatus
    reason: str | None = None


class PushResponse(_Message):
    protocol: int
    results: list[OpResult]
    cursor: int


class PullResponse(_Message):
    """A page of ops after the client's cursor; `more`: another page is waiting."""

    ops: list[Op]
    cursor: int
    more: bool
    protocol: int


class BootstrapResponse(_Message):
    """The partition's live ops, its cursor and its open exceptions (those over ops
    compacted away included)."""

    ops: list[Op]
    cursor: int
    exceptions: list[ExceptionRecord]
    protocol: int


MESSAGES: dict[str, type[msgspec.Struct]] = {
    "push_request": PushRequest,
    "push_response": PushResponse,
    "pull_response": PullResponse,
    "bootstrap_response": BootstrapResponse,
}
"""Message name -> type, as tests/vectors/wire.json names them."""
