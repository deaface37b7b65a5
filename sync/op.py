"""The op envelope and its canonical JSON / MessagePack encoding (protocol sections 1 and 2)."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Annotated, Any

import msgspec

from sync.errors import DecodeError, Fact
from sync.hlc import Hlc

MAX_SAFE_INT = 2**53 - 1

# The device pattern `^[A-Za-z0-9_.-]{1,64}$` is checked by the decoders below, not by
# msgspec: a Meta(pattern=...) runs a Python regex on every decode (measured ~40% of it),
# while devices are few, so a set of those already seen answers almost every op.
Device = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
# fullmatch, not `$`: Python's `$` also matches before a trailing newline ("PDA-1\n").
_DEVICE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_good_devices: set[str] = set()
Seq = Annotated[int, msgspec.Meta(ge=1, le=MAX_SAFE_INT)]
Wall = Annotated[int, msgspec.Meta(ge=0, le=MAX_SAFE_INT)]
Ctr = Annotated[int, msgspec.Meta(ge=0, le=2**32 - 1)]
Name64 = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Name256 = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]

OpKey = tuple[int, int, str, int]


class Op(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """One immutable intent. Field order here *is* the canonical envelope order.

    gc=False: an op holds only strings, ints and a payload of plain values, so it can
    never be part of a reference cycle; untracked, decoding is about twice as fast."""

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


order_key: Callable[[Op], OpKey] = operator.attrgetter("wall", "ctr", "device", "seq")
"""Op.key as a C-level getter, for sorting."""
_wall: Callable[[Op], int] = operator.attrgetter("wall")


def sort_by_key(ops: list[Op]) -> None:
    """Sort by order key. The wall alone decides unless two ops share one, so sort by the
    int (no 4-tuple per op) when a set says the walls are distinct: about a third cheaper
    (measured), and one entity's ops rarely share a millisecond."""
    if len(set(map(_wall, ops))) == len(ops):
        ops.sort(key=_wall)
    else:
        ops.sort(key=order_key)


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


def _canonical(v: Any) -> bool:
    """Fast yes/no walk (no path bookkeeping); most payload values are flat str/int."""
    t = type(v)
    if t is str or v is None or t is bool:
        return True
    if t is int:
        return -MAX_SAFE_INT <= v <= MAX_SAFE_INT  # type: ignore[no-any-return]
    if t is dict:
        for k, x in v.items():
            if type(k) is not str:
                return False
            tx = type(x)
            flat = tx is str or (tx is int and -MAX_SAFE_INT <= x <= MAX_SAFE_INT)
            if not flat and not _canonical(x):
                return False
        return True
    if t is list:
        return all(_canonical(x) for x in v)
    return False


def _why(v: Any, path: str) -> str | None:
    """Slow walk that names the first non-canonical value (only run once `_canonical` failed)."""
    if type(v) is int:
        return (
            None if -MAX_SAFE_INT <= v <= MAX_SAFE_INT else f"int outside the safe range at {path}"
        )
    if v is None or type(v) in (bool, str):
        return None
    items = v.items() if type(v) is dict else enumerate(v) if type(v) is list else None
    if items is None:
        return f"{type(v).__name__} is not a canonical value at {path}"
    for k, x in items:
        if type(v) is dict and type(k) is not str:
            return f"non-string map key at {path}"
        why = _why(x, f"{path}.{k}" if type(v) is dict else f"{path}[{k}]")
        if why is not None:
            return why
    return None


def _checked(op: Op) -> Op:
    """What msgspec's types leave to us: the device pattern and a canonical payload."""
    device = op.device
    if device not in _good_devices:
        if _DEVICE.fullmatch(device) is None:
            raise DecodeError(f"device {device!r} does not match {_DEVICE.pattern}")
        if len(_good_devices) < 65536:  # bounded: devices are few, ids are not data
            _good_devices.add(device)
    payload = op.payload
    for x in payload.values():  # the payload's own keys are str (its type says so)
        t = type(x)
        if t is str or (t is int and -MAX_SAFE_INT <= x <= MAX_SAFE_INT):
            continue
        if not _canonical(x):
            raise DecodeError(_why(payload, "$.payload") or "non-canonical payload")
    return op


# msgspec raises UnicodeDecodeError (not its DecodeError) for invalid UTF-8 in a map key
_DECODE_ERRORS = (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError)


def decode_json(data: bytes | str) -> Op:
    try:
        op = _json_dec.decode(data)
    except _DECODE_ERRORS as e:
        raise DecodeError(str(e)) from e
    return _checked(op)


def decode_msgpack(data: bytes) -> Op:
    try:
        op = _mp_dec.decode(data)
    except _DECODE_ERRORS as e:
        raise DecodeError(str(e)) from e
    return _checked(op)


def from_builtins(obj: Any) -> Op:
    """An op from an already-parsed JSON object (e.g. a test vector)."""
    return decode_json(msgspec.json.encode(obj))


def to_builtins(op: Op) -> dict[str, Any]:
    out: dict[str, Any] = msgspec.json.decode(encode_json(op))
    return out
