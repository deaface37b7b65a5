from __future__ import annotations

import json
import sys
from pathlib import Path

import msgspec
import pytest

from sync.errors import DecodeError
from sync.hlc import Hlc
from sync.op import (
    Op,
    decode_json,
    decode_msgpack,
    encode_json,
    encode_msgpack,
    fact,
    from_builtins,
    to_builtins,
)

sys.path.insert(0, str(Path(__file__).parent.parent / "vectors"))
from _cases_encoding import _mp


def _op(**kw: object) -> Op:
    base: dict[str, object] = {
        "device": "A",
        "seq": 3,
        "wall": 10,
        "ctr": 2,
        "actor": "u",
        "kind": "order.hold",
        "etype": "order",
        "eid": "O",
        "payload": {},
    }
    base.update(kw)
    return from_builtins(base)


def test_id_key_hlc_fact() -> None:
    op = _op()
    assert op.id == "A:3"
    assert op.key == (10, 2, "A", 3)
    assert op.hlc == Hlc(10, 2, "A")
    assert fact(op).op == "A:3"


def test_frozen() -> None:
    with pytest.raises(AttributeError):
        _op().seq = 4  # type: ignore[misc]


def test_unsorted_payload_encodes_canonically() -> None:
    op = Op("A", 1, 1, 0, "u", "k", "order", "O", {"b": {"y": 1, "x": 2}, "a": [1]})
    assert encode_json(op).endswith(b'"payload":{"a":[1],"b":{"x":2,"y":1}}}')
    canon = json.loads(encode_json(op))
    assert encode_msgpack(op) == _mp(canon)


def test_round_trip_and_builtins() -> None:
    op = _op(payload={"reason": "客户"})
    assert decode_json(encode_json(op)) == op
    assert decode_msgpack(encode_msgpack(op)) == op
    assert to_builtins(op)["payload"] == {"reason": "客户"}


@pytest.mark.parametrize("bad", [2**53, -(2**53), 1.5, b"x", {1: 2}])
def test_non_canonical_payload_values_rejected(bad: object) -> None:
    data = msgspec.msgpack.encode({**to_builtins(_op()), "payload": {"v": bad}})
    with pytest.raises(DecodeError):
        decode_msgpack(data)


def test_msgpack_garbage() -> None:
    with pytest.raises(DecodeError):
        decode_msgpack(b"\xc1")


def test_msgpack_invalid_utf8_map_key() -> None:
    """msgspec raises UnicodeDecodeError here, not its DecodeError: it must not escape."""
    data = encode_msgpack(_op(payload={"zq": 1}))
    assert data.count(b"\xa2zq") == 1
    with pytest.raises(DecodeError):
        decode_msgpack(data.replace(b"\xa2zq", b"\xa2\xff\xfe"))
