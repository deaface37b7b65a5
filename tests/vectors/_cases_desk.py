"""The exception desk (sync/desk_fold.py, its twin in pwa/src/sync/deskFold.ts): assign
(last writer wins), notes and customer-service notices (every one kept), resolve
(forward-only: the first in order-key order wins) and the open queue it empties."""

from __future__ import annotations

from typing import Any

from _build import case, exc, oid, op, order, snap

C = dict[str, Any]
EID = "duplicate_scan:A:1|B:1"


def ev(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "op": oid(o),
        "actor": o["actor"],
        "device": o["device"],
        "wall": o["wall"],
        **o["payload"],
        "kind": o["kind"],
    }


def desk(assignee: str | None, resolved: dict[str, Any] | None, trail: list[Any]) -> C:
    return {"assignee": assignee, "resolved": resolved, "trail": [ev(t) for t in trail]}


def cases() -> list[C]:
    cr = op("CS", 1, 0, "order.create", "O-1", {"lines": {"SKU-A": 2}})
    sa = op("A", 1, 10, "parcel.scan_out", "O-1", {"tracking": "SF1"})
    sb = op("B", 1, 12, "parcel.scan_out", "O-1", {"tracking": "SF1"})
    dup = exc("duplicate_scan", [sa, sb], {"tracking": "SF1"})
    assert dup["id"] == EID
    shipped = {"O-1": order(status="shipped", lines={"SKU-A": 2}, events=[sa, sb])}

    def d(dev: str, seq: int, dt: int, kind: str, payload: C, eid: str = EID) -> C:
        return op(dev, seq, dt, kind, eid, payload, etype="exception", actor="E001")

    as1 = d("DESK", 1, 100, "exception.assign", {"to": "E001"})
    as2 = d("MGR", 1, 200, "exception.assign", {"to": "M001"})
    note = d("DESK", 2, 150, "exception.note", {"text": "两台手机都扫了同一个包裹"})
    tell = d("DESK", 3, 160, "exception.notify_cs", {"text": "客户可能收到两次通知"})
    res1 = d("DESK", 4, 300, "exception.resolve", {"outcome": "accept", "text": "只发一个包裹"})
    res2 = d("MGR", 2, 400, "exception.resolve", {"outcome": "reprint"})
    resx = d("MGR", 3, 50, "exception.resolve", {"outcome": "accept"}, eid="no_such:X:1")

    def with_desk(excs: list[C], desks: dict[str, C]) -> C:
        out = snap(shipped, excs=excs)
        out["desk"] = desks
        return out

    return [
        case(
            "assign, note and tell customer service: the exception stays in the open queue, "
            "its desk shows the assignee and every action in order",
            [cr, sa, sb, as1, note, tell],
            with_desk([dup], {EID: desk("E001", None, [as1, note, tell])}),
        ),
        case(
            "two assigns: the later one (T+200, the manager's) wins; both stay in the trail",
            [cr, sa, sb, as1, as2],
            with_desk([dup], {EID: desk("M001", None, [as1, as2])}),
        ),
        case(
            "resolved with outcome accept: the exception leaves the open queue",
            [cr, sa, sb, note, res1],
            with_desk([], {EID: desk(None, ev(res1), [note, res1])}),
        ),
        case(
            "two resolves: forward-only, the first in order-key order (T+300, accept) "
            "stands; the later reprint is kept in the trail only",
            [cr, sa, sb, res2, res1],
            with_desk([], {EID: desk(None, ev(res1), [res1, res2])}),
        ),
        case(
            "a resolve that arrives before the exception exists still resolves it once "
            "the scans arrive (arrival order never matters)",
            [res1, cr, sa, sb],
            with_desk([], {EID: desk(None, ev(res1), [res1])}),
        ),
        case(
            "resolving an id that names no exception changes no queue; the desk keeps it",
            [cr, sa, sb, resx],
            with_desk([dup], {"no_such:X:1": desk(None, ev(resx), [resx])}),
        ),
        case(
            "an unknown outcome is an invalid op: kept as a record, resolves nothing",
            [cr, sa, sb, d("DESK", 9, 300, "exception.resolve", {"outcome": "shrug"})],
            snap(
                shipped,
                excs=[
                    dup,
                    exc(
                        "invalid_op",
                        [d("DESK", 9, 300, "exception.resolve", {"outcome": "shrug"})],
                        {"reason": "bad_payload"},
                    ),
                ],
            ),
        ),
    ]
