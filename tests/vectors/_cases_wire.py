"""Wire-message vectors (sync/wire.py, pwa/src/sync/wire.ts): example push, pull and
bootstrap messages both languages decode and re-encode to the same JSON value, and
messages both must refuse. Expectations are written by hand (see each comment)."""

from __future__ import annotations

from typing import Any

from _build import exc, op

C = dict[str, Any]


def msg(name: str, comment: str, value: Any, expected: Any = None) -> C:
    c: C = {"comment": comment, "message": name, "json": value}
    if expected is not None:
        c["expected"] = expected
    return c


def bad(name: str, comment: str, value: Any) -> C:
    return {"comment": comment, "message": name, "json": value, "error": "decode"}


def cases() -> list[C]:
    scan = op("PDA-1", 7, 10, "parcel.scan_out", "O-1", {"tracking": "SF1"})
    create = op("CS", 1, 0, "order.create", "O-1", {"lines": {"SKU-A": 2}})
    dup = exc(
        "duplicate_scan",
        [scan, op("PDA-2", 3, 12, "parcel.scan_out", "O-1", {"tracking": "SF1"})],
        {"tracking": "SF1"},
    )
    return [
        msg(
            "push_request",
            "a push: the client's protocol and its ops",
            {"protocol": 2, "ops": [scan]},
        ),
        msg(
            "push_request",
            "a client older than the field sends no protocol: it decodes (as null) so the"
            " server can answer 426 rather than 400",
            {"ops": []},
            {"protocol": None, "ops": []},
        ),
        msg(
            "push_request",
            "ops stay raw in a push (each is decoded alone, so one bad op is reported alone)",
            {"protocol": 2, "ops": [{"not": "an op"}]},
        ),
        bad(
            "push_request",
            "an unknown top-level field is a client bug",
            {"protocol": 2, "ops": [], "batch": 1},
        ),
        bad("push_request", "ops must be a list", {"protocol": 2, "ops": {}}),
        bad("push_request", "protocol must be an int", {"protocol": "2", "ops": []}),
        bad("push_request", "at most 1000 ops", {"protocol": 2, "ops": [{}] * 1001}),
        msg(
            "push_response",
            "one result per op; `reason` only on a rejection",
            {
                "protocol": 2,
                "results": [
                    {"id": "PDA-1:7", "status": "accepted"},
                    {"id": "PDA-1:8", "status": "rejected", "reason": "unknown_entity"},
                ],
                "cursor": 42,
            },
        ),
        msg(
            "push_response",
            "a null reason is the same as none: re-encoded without it",
            {
                "protocol": 2,
                "results": [{"id": "A:1", "status": "duplicate", "reason": None}],
                "cursor": 1,
            },
            {"protocol": 2, "results": [{"id": "A:1", "status": "duplicate"}], "cursor": 1},
        ),
        bad("push_response", "the cursor is required", {"protocol": 2, "results": []}),
        msg(
            "pull_response",
            "a page of ops after the cursor, and whether more wait",
            {"ops": [create, scan], "cursor": 9, "more": True, "protocol": 2},
        ),
        bad(
            "pull_response",
            "an op with seq 0 is not an op",
            {"ops": [{**scan, "seq": 0}], "cursor": 9, "more": False, "protocol": 2},
        ),
        bad(
            "pull_response",
            "an op with an unknown envelope field is not an op",
            {"ops": [{**scan, "extra": 1}], "cursor": 9, "more": False, "protocol": 2},
        ),
        bad(
            "pull_response",
            "`more` is a boolean",
            {"ops": [], "cursor": 9, "more": 1, "protocol": 2},
        ),
        msg(
            "bootstrap_response",
            "the partition's ops, its cursor and its open exceptions",
            {"ops": [create, scan], "cursor": 12, "exceptions": [dup], "protocol": 2},
        ),
        bad(
            "bootstrap_response",
            "exceptions are required (they cover ops compacted away)",
            {"ops": [], "cursor": 0, "protocol": 2},
        ),
        bad(
            "bootstrap_response",
            "a fact's wall is an int",
            {
                "ops": [],
                "cursor": 0,
                "protocol": 2,
                "exceptions": [{**dup, "facts": [{**dup["facts"][0], "wall": "x"}]}],
            },
        ),
    ]
