"""Content negotiation for sync: JSON by default, MessagePack when asked for."""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import ClientException

from server.sync.ingest import Undecodable
from server.sync.protocol import check_protocol
from server.sync.schemas import PushRequest, VersionProbe
from sync import DecodeError, Op, decode_json, decode_msgpack

MSGPACK = "application/x-msgpack"
JSON = "application/json"
_stored_ops = msgspec.json.Decoder(list[Op])
_canonical_mp = msgspec.msgpack.Encoder(order="deterministic")
# msgspec raises UnicodeDecodeError (not DecodeError) for a string that is not UTF-8.
_UNDECODABLE = (msgspec.DecodeError, RecursionError, UnicodeDecodeError)


def wants_msgpack(request: Request[Any, Any, Any]) -> bool:
    return MSGPACK in request.headers.get("accept", "")


def _decode(body: bytes, packed: bool, kind: type[Any]) -> Any:
    if packed:
        return msgspec.msgpack.decode(body, type=kind)
    return msgspec.json.decode(body, type=kind)


def parse_push(body: bytes, content_type: str) -> tuple[list[Op], list[Undecodable]]:
    """Decode the envelope strictly, check the client's protocol version (426 before anything
    is stored), then decode each op alone so one bad op does not sink the rest."""
    packed = content_type.split(";")[0].strip() == MSGPACK
    try:
        req: PushRequest = _decode(body, packed, PushRequest)
    except _UNDECODABLE as exc:
        try:
            probe: VersionProbe = _decode(body, packed, VersionProbe)
        except _UNDECODABLE:
            probe = VersionProbe()
        if probe.protocol is not None:
            check_protocol(probe.protocol)  # another version's envelope: 426, not 400
        raise ClientException(f"malformed push body: {exc}") from exc
    check_protocol(req.protocol)
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
    array = b"[" + b",".join([j.encode() for j in ops_json]) + b"]"
    if wants_msgpack(request):
        # One decode of the whole page into Op structs (stored ops were checked on the way
        # in), one canonical encode: several times faster than op by op.
        body = _canonical_mp.encode({"ops": _stored_ops.decode(array), **fields})
        return Response(body, media_type=MSGPACK)
    rest = msgspec.json.encode(fields)[1:-1]
    body = b'{"ops":' + array + (b"," + rest if rest else b"") + b"}"
    return Response(body, media_type=JSON)


def encode_for(request: Request[Any, Any, Any], value: Any) -> Response[bytes]:
    if wants_msgpack(request):
        return Response(msgspec.msgpack.encode(value), media_type=MSGPACK)
    return Response(msgspec.json.encode(value), media_type=JSON)
