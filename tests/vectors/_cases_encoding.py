"""Encoding vectors. `json` strings are written by hand; `msgpack` hex comes from the small
independent encoder below (not from sync/), so the two implementations are cross-checked.
"""

from __future__ import annotations

import json
import struct
from typing import Any

FIELDS = ("device", "seq", "wall", "ctr", "actor", "kind", "etype", "eid", "payload")


def _mp(v: Any) -> bytes:
    if v is None:
        return b"\xc0"
    if v is True:
        return b"\xc3"
    if v is False:
        return b"\xc2"
    if isinstance(v, int):
        if 0 <= v < 128:
            return bytes([v])
        if -32 <= v < 0:
            return struct.pack(">b", v)
        if v >= 0:
            for lim, tag, fmt in (
                (0xFF, 0xCC, ">B"),
                (0xFFFF, 0xCD, ">H"),
                (0xFFFFFFFF, 0xCE, ">I"),
                (2**64 - 1, 0xCF, ">Q"),
            ):
                if v <= lim:
                    return bytes([tag]) + struct.pack(fmt, v)
        for lim, tag, fmt in (
            (2**7, 0xD0, ">b"),
            (2**15, 0xD1, ">h"),
            (2**31, 0xD2, ">i"),
            (2**63, 0xD3, ">q"),
        ):
            if v >= -lim:
                return bytes([tag]) + struct.pack(fmt, v)
    if isinstance(v, str):
        b = v.encode()
        n = len(b)
        if n < 32:
            return bytes([0xA0 | n]) + b
        if n < 256:
            return b"\xd9" + bytes([n]) + b
        return b"\xda" + struct.pack(">H", n) + b
    if isinstance(v, list):
        assert len(v) < 16
        return bytes([0x90 | len(v)]) + b"".join(_mp(x) for x in v)
    if isinstance(v, dict):
        assert len(v) < 16
        keys = list(v)  # caller passes canonical order
        return bytes([0x80 | len(v)]) + b"".join(_mp(k) + _mp(v[k]) for k in keys)
    raise TypeError(v)


def _canon(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _canon(v[k]) for k in sorted(v)}
    if isinstance(v, list):
        return [_canon(x) for x in v]
    return v


def enc(comment: str, op: dict[str, Any], text: str) -> dict[str, Any]:
    canon = {k: op[k] for k in FIELDS}
    canon["payload"] = _canon(op["payload"])
    assert json.loads(text) == canon, comment
    assert list(json.loads(text)) == list(FIELDS), comment
    return {
        "comment": comment,
        "op": op,
        "id": f"{op['device']}:{op['seq']}",
        "json": text,
        "msgpack": _mp(canon).hex(),
    }


def bad(comment: str, text: str) -> dict[str, Any]:
    return {"comment": comment, "input": text, "error": "decode"}


GOOD = (
    '{"device":"PDA-1","seq":1,"wall":1700000000000,"ctr":0,"actor":"u","kind":"order.hold",'
    '"etype":"order","eid":"O-1","payload":%s}'
)


def cases() -> list[dict[str, Any]]:
    env = {
        "device": "PDA-1",
        "seq": 7,
        "wall": 1700000000000,
        "ctr": 0,
        "actor": "u-li",
        "kind": "parcel.scan_out",
        "etype": "order",
        "eid": "O-1",
    }
    return [
        enc(
            "protocol doc example: payload keys sorted (qty < tracking); wall needs uint64",
            {**env, "payload": {"tracking": "SF100", "qty": 2}},
            '{"device":"PDA-1","seq":7,"wall":1700000000000,"ctr":0,"actor":"u-li",'
            '"kind":"parcel.scan_out","etype":"order","eid":"O-1",'
            '"payload":{"qty":2,"tracking":"SF100"}}',
        ),
        enc(
            "nested maps sorted at every level; Chinese text written raw as UTF-8",
            {
                **env,
                "kind": "order.create",
                "actor": "客服-王",
                "payload": {
                    "lines": {"SKU-B": 1, "SKU-A": 3},
                    "fields": {"recipient": "张三", "address": "上海市浦东新区 1号"},
                },
            },
            '{"device":"PDA-1","seq":7,"wall":1700000000000,"ctr":0,"actor":"客服-王",'
            '"kind":"order.create","etype":"order","eid":"O-1","payload":{"fields":'
            '{"address":"上海市浦东新区 1号","recipient":"张三"},"lines":{"SKU-A":3,"SKU-B":1}}}',
        ),
        enc(
            "JSON.stringify escaping: quote, backslash, \\n, \\t, \\u0001; / and U+2028 raw",
            {
                **env,
                "kind": "order.set_field",
                "payload": {"field": "note", "value": 'a"b\\c\nd\te\u0001f/g\u2028h'},
            },
            '{"device":"PDA-1","seq":7,"wall":1700000000000,"ctr":0,"actor":"u-li",'
            '"kind":"order.set_field","etype":"order","eid":"O-1","payload":{"field":"note",'
            '"value":"a\\"b\\\\c\\nd\\te\\u0001f/g\u2028h"}}',
        ),
        enc(
            "keys sorted by code point: U+FFFF sorts before U+1F600 (UTF-16 order would not)",
            {
                **env,
                "kind": "order.set_field",
                "payload": {"field": "tags", "value": {"\U0001f600": 1, "\uffff": 2, "z": 3}},
            },
            '{"device":"PDA-1","seq":7,"wall":1700000000000,"ctr":0,"actor":"u-li",'
            '"kind":"order.set_field","etype":"order","eid":"O-1","payload":{"field":"tags",'
            '"value":{"z":3,"\uffff":2,"\U0001f600":1}}}',
        ),
        enc(
            "negative ints: -3 is negative fixint, -200 is int16; seq at 2^53-1",
            {
                **env,
                "seq": 9007199254740991,
                "kind": "stock.adjust",
                "etype": "stock",
                "eid": "SKU-A",
                "payload": {"delta": -3, "reason": "count", "x": -200},
            },
            '{"device":"PDA-1","seq":9007199254740991,"wall":1700000000000,"ctr":0,'
            '"actor":"u-li","kind":"stock.adjust","etype":"stock","eid":"SKU-A",'
            '"payload":{"delta":-3,"reason":"count","x":-200}}',
        ),
        enc(
            "empty payload; wall 0; ctr at its 2^32-1 maximum (uint32)",
            {**env, "wall": 0, "ctr": 4294967295, "kind": "order.hold", "payload": {}},
            '{"device":"PDA-1","seq":7,"wall":0,"ctr":4294967295,"actor":"u-li",'
            '"kind":"order.hold","etype":"order","eid":"O-1","payload":{}}',
        ),
        enc(
            "null, booleans and arrays inside a payload value; device with _ and .",
            {
                **env,
                "device": "pda_2.x",
                "kind": "order.set_field",
                "payload": {"value": [None, True, False, 0, "x"], "field": "flags"},
            },
            '{"device":"pda_2.x","seq":7,"wall":1700000000000,"ctr":0,"actor":"u-li",'
            '"kind":"order.set_field","etype":"order","eid":"O-1",'
            '"payload":{"field":"flags","value":[null,true,false,0,"x"]}}',
        ),
        enc(
            "unknown kinds still encode (they become invalid_op, not decode errors); "
            "a 40-byte string uses str8",
            {**env, "kind": "future.kind", "payload": {"k": "x" * 40}},
            '{"device":"PDA-1","seq":7,"wall":1700000000000,"ctr":0,"actor":"u-li",'
            '"kind":"future.kind","etype":"order","eid":"O-1","payload":{"k":"' + "x" * 40 + '"}}',
        ),
        bad("float in payload, even 1.0", GOOD % '{"reason":1.0}'),
        bad("float exponent form", GOOD % '{"reason":1e3}'),
        bad("int beyond 2^53-1 in payload", GOOD % '{"n":9007199254740992}'),
        bad("lone surrogate", GOOD % '{"reason":"\\ud800"}'),
        bad("payload not a map", GOOD % "[]"),
        bad("unknown envelope field", GOOD.replace('"payload":%s', '"payload":{},"extra":1')),
        bad("missing envelope field (ctr)", GOOD.replace('"ctr":0,', "") % "{}"),
        bad("boolean is not an int", GOOD.replace('"seq":1', '"seq":true') % "{}"),
        bad("seq must be >= 1", GOOD.replace('"seq":1', '"seq":0') % "{}"),
        bad("device may not contain ':'", GOOD.replace('"PDA-1"', '"PDA:1"') % "{}"),
        bad("empty actor", GOOD.replace('"actor":"u"', '"actor":""') % "{}"),
        bad(
            "device with a trailing newline (a regex whose `$` allows a final \\n must not)",
            GOOD.replace('"PDA-1"', '"PDA-1\\n"') % "{}",
        ),
        bad(
            "actor of 257 code points (the limit counts code points, not bytes)",
            GOOD.replace('"actor":"u"', f'"actor":"{"仓" * 257}"') % "{}",
        ),
        bad("float envelope int", GOOD.replace('"ctr":0', '"ctr":0.5') % "{}"),
        bad("top level must be a map", "[1,2]"),
        bad("not JSON", '{"device":'),
        {
            "comment": "MessagePack float64 in payload",
            "error": "decode",
            "input_msgpack": "89"
            + _mp(dict(list(json.loads(GOOD % "{}").items())[:8])).hex()[2:]
            + "a77061796c6f616481a17acb3ff0000000000000",
        },
        {
            "comment": "MessagePack bin type in payload",
            "error": "decode",
            "input_msgpack": "89"
            + _mp(dict(list(json.loads(GOOD % "{}").items())[:8])).hex()[2:]
            + "a77061796c6f616481a17ac40100",
        },
    ]
