"""The sync wire as a current client speaks it: every push, pull and bootstrap names the
protocol version (docs/sync-server.md, "Protocol version")."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from sync import PROTOCOL_VERSION, Op, encode_json, encode_msgpack

PROTOCOL = {"protocol": PROTOCOL_VERSION}
"""Query parameters for pull and bootstrap (`params={**PROTOCOL, "cursor": 5}`)."""

BOOTSTRAP = f"/api/sync/bootstrap?protocol={PROTOCOL_VERSION}"


def pull_url(cursor: int, limit: int | None = None) -> str:
    more = f"&limit={limit}" if limit is not None else ""
    return f"/api/sync/pull?cursor={cursor}{more}&protocol={PROTOCOL_VERSION}"


def push_body(ops: Sequence[Op]) -> bytes:
    """A JSON push body, each op in its canonical encoding."""
    return push_envelope([encode_json(o) for o in ops])


def push_envelope(raw_ops: Sequence[bytes], protocol: int | None = PROTOCOL_VERSION) -> bytes:
    """A JSON push body around already-encoded (or deliberately broken) ops."""
    head = b"{" if protocol is None else b'{"protocol":%d,' % protocol
    return head + b'"ops":[' + b",".join(raw_ops) + b"]}"


def packed_push_body(ops: Sequence[Op], protocol: int | None = PROTOCOL_VERSION) -> bytes:
    """A MessagePack push body."""
    body: dict[str, object] = {"ops": [msgspec.Raw(encode_msgpack(o)) for o in ops]}
    if protocol is not None:
        body["protocol"] = protocol
    return msgspec.msgpack.encode(body)
