"""Packline sync core: ops, hybrid logical clock, merge types, materialisation.

Pure Python (msgspec only) so the same rules run on the server, in tests and, ported,
in the PWA. The protocol is specified in docs/sync-protocol.md.
"""

from __future__ import annotations

from sync import picking, quality, rules
from sync.errors import (
    EXCEPTION_KINDS,
    ClockSkewError,
    DecodeError,
    ExceptionRecord,
    Fact,
    InvalidOpError,
    SyncError,
)
from sync.hlc import MAX_DRIFT_MS, Clock, Hlc, horizon_for
from sync.kinds import KINDS, validate
from sync.materialise import Replica, materialise
from sync.op import (
    Op,
    decode_json,
    decode_msgpack,
    encode_json,
    encode_msgpack,
    from_builtins,
    to_builtins,
)

PROTOCOL_VERSION = 3  # docs/sync-protocol.md "Protocol revisions"

__all__ = [
    "EXCEPTION_KINDS",
    "KINDS",
    "MAX_DRIFT_MS",
    "PROTOCOL_VERSION",
    "Clock",
    "ClockSkewError",
    "DecodeError",
    "ExceptionRecord",
    "Fact",
    "Hlc",
    "InvalidOpError",
    "Op",
    "Replica",
    "SyncError",
    "decode_json",
    "decode_msgpack",
    "encode_json",
    "encode_msgpack",
    "from_builtins",
    "horizon_for",
    "materialise",
    "picking",
    "quality",
    "rules",
    "to_builtins",
    "validate",
]
