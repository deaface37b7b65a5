"""The sync wire, server side: push, pull and bootstrap bodies (the core's), and the
refused-op queue.

`protocol` is the client's protocol version (docs/sync-server.md, "Protocol version"); the
sync core's `PROTOCOL_VERSION` is the one this server speaks.
"""

from __future__ import annotations

from server.schemas import Schema

# The wire messages are the sync core's (sync/wire.py, twin pwa/src/sync/wire.ts, pinned
# by tests/vectors/wire.json); the server declares none of its own.
from sync.wire import (
    MAX_PUSH_OPS,
    BootstrapResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    VersionProbe,
)
from sync.wire import OpResult as OpResultOut

__all__ = [
    "MAX_PUSH_OPS",
    "BootstrapResponse",
    "OpResultOut",
    "PullResponse",
    "PushRequest",
    "PushResponse",
    "RejectedOut",
    "VersionProbe",
]


class RejectedOut(Schema):
    op_id: str
    device_id: str
    actor: str
    reason: str
    detail: str
    op_json: str
    received_at: str
