"""Content negotiation for sync: JSON by default, MessagePack when asked for."""

from __future__ import annotations

import asyncio
import gzip
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
GZIP_MIN_BYTES = 1024  # as the app's compression middleware
PULL_GZIP_LEVEL = 1  # a page is ~190 KB of JSON: level 1 is ~3x faster than 6, ~15% larger
BOOTSTRAP_GZIP_LEVEL = 6  # once per device, on a phone's link: bytes matter more
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


def _encode_ops(packed: bool, ops_json: list[str], fields: dict[str, Any]) -> bytes:
    array = b"[" + b",".join([j.encode() for j in ops_json]) + b"]"
    if packed:
        # One decode of the whole page into Op structs (stored ops were checked on the way
        # in), one canonical encode: several times faster than op by op.
        return _canonical_mp.encode({"ops": _stored_ops.decode(array), **fields})
    rest = msgspec.json.encode(fields)[1:-1]
    return b'{"ops":' + array + (b"," + rest if rest else b"") + b"}"


def _encode_and_compress(
    packed: bool, ops_json: list[str], fields: dict[str, Any], level: int | None
) -> bytes:
    body = _encode_ops(packed, ops_json, fields)
    return body if level is None else gzip.compress(body, level, mtime=0)


async def ops_response(
    request: Request[Any, Any, Any], ops_json: list[str], gzip_level: int, **fields: Any
) -> Response[bytes]:
    """Ops are stored as canonical JSON; JSON responses splice them in without re-encoding.

    Encoding and gzip run on a worker thread (zlib releases the GIL), not on the event loop:
    phase 1 of issue 11 found gzip at 27-30% of the loop's time during a fleet's catch-up
    and 51% during a bootstrap, delaying every other request. These routes are excluded
    from the app's compression middleware (server/app.py), which compresses on the loop.
    """
    packed = wants_msgpack(request)
    level = gzip_level if "gzip" in request.headers.get("accept-encoding", "") else None
    small = sum(len(j) for j in ops_json) < GZIP_MIN_BYTES
    if small:
        level = None
    body = await asyncio.to_thread(_encode_and_compress, packed, ops_json, fields, level)
    headers = {"Vary": "Accept-Encoding"}
    if level is not None:
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type=MSGPACK if packed else JSON, headers=headers)


def encode_for(request: Request[Any, Any, Any], value: Any) -> Response[bytes]:
    if wants_msgpack(request):
        return Response(msgspec.msgpack.encode(value), media_type=MSGPACK)
    return Response(msgspec.json.encode(value), media_type=JSON)
