"""Content negotiation for sync: JSON by default, MessagePack when asked for."""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import ClientException

from server.sync.ingest import Undecodable
from server.sync.schemas import PushRequest
from sync import DecodeError, Op, decode_json, decode_msgpack, encode_msgpack

MSGPACK = "application/x-msgpack"
JSON = "application/json"


def wants_msgpack(request: Request[Any, Any, Any]) -> bool:
    return MSGPACK in request.headers.get("accept", "")


def parse_push(body: bytes, content_type: str) -> tuple[list[Op], list[Undecodable]]:
    """Decode the envelope strictly; decode each op alone so one bad op does not sink the rest."""
    packed = content_type.split(";")[0].strip() == MSGPACK
    try:
        req = (
            msgspec.msgpack.decode(body, type=PushRequest)
            if packed
            else msgspec.json.decode(body, type=PushRequest)
        )
    except (msgspec.DecodeError, RecursionError) as exc:
        raise ClientException(f"malformed push body: {exc}") from exc
    ops: list[Op] = []
    bad: list[Undecodable] = []
    for i, raw in enumerate(req.ops):
        data = bytes(raw)
        try:
            ops.append(decode_msgpack(data) if packed else decode_json(data))
        except (DecodeError, RecursionError) as exc:
            ref = "undecodable:" + hashlib.sha256(data).hexdigest()[:24]
            text = data.hex() if packed else data.decode("utf-8", "replace")
            bad.append(Undecodable(ref=ref, raw=text[:4096], reason=f"op {i}: {exc}"))
    return ops, bad


def ops_response(
    request: Request[Any, Any, Any], ops_json: list[str], **fields: Any
) -> Response[bytes]:
    """Ops are stored as canonical JSON; JSON responses splice them in without re-encoding."""
    if wants_msgpack(request):
        packed = [msgspec.Raw(encode_msgpack(decode_json(j))) for j in ops_json]
        return Response(msgspec.msgpack.encode({"ops": packed, **fields}), media_type=MSGPACK)
    rest = msgspec.json.encode(fields)[1:-1]
    body = b'{"ops":[' + ",".join(ops_json).encode() + b"]" + (b"," + rest if rest else b"") + b"}"
    return Response(body, media_type=JSON)


def encode_for(request: Request[Any, Any, Any], value: Any) -> Response[bytes]:
    if wants_msgpack(request):
        return Response(msgspec.msgpack.encode(value), media_type=MSGPACK)
    return Response(msgspec.json.encode(value), media_type=JSON)
