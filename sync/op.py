"""The op envelope and its canonical JSON / MessagePack encoding (protocol sections 1 and 2)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from sync.errors import DecodeError, Fact
from sync.hlc import Hlc

MAX_SAFE_INT = 2**53 - 1

Device = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
Seq = Annotated[int, msgspec.Meta(ge=1, le=MAX_SAFE_INT)]
Wall = Annotated[int, msgspec.Meta(ge=0, le=MAX_SAFE_INT)]
Ctr = Annotated[int, msgspec.Meta(ge=0, le=2**32 - 1)]
Name64 = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Name256 = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]

OpKey = tuple[int, int, str, int]


class Op(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One immutable intent. Field order here *is* the canonical envelope order."""

    device: Device
    seq: Seq
    wall: Wall
    ctr: Ctr
    actor: Name256
    kind: Name64
    etype: Name64
    eid: Name256
    payload: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.device}:{self.seq}"

    @property
    def key(self) -> OpKey:
        """Materialisation order: HLC, then op id."""
        return (self.wall, self.ctr, self.device, self.seq)

    @property
    def hlc(self) -> Hlc:
        return Hlc(self.wall, self.ctr, self.device)


def fact(op: Op) -> Fact:
    return Fact(op.id, op.kind, op.device, op.actor, op.wall)


_json_enc = msgspec.json.Encoder(order="deterministic")
_mp_enc = msgspec.msgpack.Encoder(order="deterministic")
_json_dec = msgspec.json.Decoder(Op)
_mp_dec = msgspec.msgpack.Decoder(Op)


def encode_json(op: Op) -> bytes:
    return _json_enc.encode(op)


def encode_msgpack(op: Op) -> bytes:
    return _mp_enc.encode(op)


def _check_value(v: Any, path: str) -> None:
    if v is None or v is True or v is False or type(v) is str:
        return
    if type(v) is int:
        if -MAX_SAFE_INT <= v <= MAX_SAFE_INT:
            return
        raise DecodeError(f"int outside the safe range at {path}")
    if type(v) is list:
        for i, x in enumerate(v):
            _check_value(x, f"{path}[{i}]")
        return
    if type(v) is dict:
        for k, x in v.items():
            if type(k) is not str:
                raise DecodeError(f"non-string map key at {path}")
            _check_value(x, f"{path}.{k}")
        return
    raise DecodeError(f"{type(v).__name__} is not a canonical value at {path}")


def check_payload(payload: dict[str, Any]) -> None:
    """Raise DecodeError unless the payload is a tree of canonical values."""
    _check_value(payload, "$.payload")


def decode_json(data: bytes | str) -> Op:
    try:
        op = _json_dec.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError) as e:
        raise DecodeError(str(e)) from e
    check_payload(op.payload)
    return op


def decode_msgpack(data: bytes) -> Op:
    try:
        op = _mp_dec.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError) as e:
        raise DecodeError(str(e)) from e
    check_payload(op.payload)
    return op


def from_builtins(obj: Any) -> Op:
    """An op from an already-parsed JSON object (e.g. a test vector)."""
    return decode_json(msgspec.json.encode(obj))


def to_builtins(op: Op) -> dict[str, Any]:
    out: dict[str, Any] = msgspec.json.decode(encode_json(op))
    return out
