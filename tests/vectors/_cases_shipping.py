"""Shipping vectors (protocol v3: sync/shipping.py, sync/ship_fold.py and their twins).
Every expected value is reasoned in its comment; `_build.py` writes them to shipping.json."""

from __future__ import annotations

from typing import Any

from _build import T, case, exc, oid, op, order, snap

C = dict[str, Any]
LINES = {"A": 2, "B": 1}
SF = {"carrier": "SF"}


def rule(name: str, comment: str, args: C, expected: Any) -> C:
    return {"comment": comment, "rule": name, "args": args, "expected": expected}


def f(o: dict[str, Any], *keys: str) -> C:
    """A ship fact as the fold records it."""
    out: C = {"op": oid(o), "wall": o["wall"], "actor": o["actor"]}
    out.update({k: o["payload"][k] for k in keys if k in o["payload"]})
    return out


def shipped(ship: C, events: list[C], **kw: Any) -> C:
    o = order(
        kw.pop("status", "shipped"),
        lines=LINES,
        fields=SF,
        labels={"T1": "printed"},
        events=events,
        **kw,
    )
    o["ship"] = ship
    return o


def fold_cases() -> list[C]:
    create = op("S", 1, 0, "order.create", "O1", {"lines": LINES, "fields": SF})
    label = op("S", 2, 10, "label.print", "O1", {"tracking": "T1"})
    good = {"tracking": "T1", "items": {"A": 2, "B": 1}, "slip": "in"}
    scan_p = op("P", 1, 100, "parcel.scan_out", "O1", good)
    scan_q = op("Q", 1, 200, "parcel.scan_out", "O1", good)
    wrong = op("P", 1, 100, "parcel.scan_out", "O1", {"tracking": "T1", "items": {"A": 2, "X": 1}})
    short = op("P", 1, 100, "parcel.scan_out", "O1", {"tracking": "T1", "items": {"A": 1, "B": 1}})
    rescan = op("P", 2, 300, "parcel.scan_out", "O1", {**good, "slip": "promo"})
    batch = op("P", 3, 400, "batch.ship", "O1", {"batch": "B1", "carrier": "SF", "count": 1})
    pickup = op(
        "K",
        1,
        500,
        "pickup.confirm",
        "O1",
        {"batch": "B1", "carrier": "SF", "count": 1, "method": "qr"},
    )
    printed = order("printed", lines=LINES, fields=SF, labels={"T1": "printed"})
    cases = [
        case(
            "the items match the lines: the scan ships, and the slip step is recorded with it",
            [create, label, scan_p],
            snap({"O1": shipped({"scanned": {"T1": f(scan_p, "slip")}}, [scan_p])}),
        ),
        case(
            "two offline handhelds scan the same parcel: the earlier scan (P at +100) ships, the"
            " later one is a duplicate: one exception, one shipment, whatever order they sync in",
            [create, label, scan_p, scan_q],
            snap(
                {"O1": shipped({"scanned": {"T1": f(scan_p, "slip")}}, [scan_p, scan_q])},
                excs=[exc("duplicate_scan", [scan_p, scan_q], {"tracking": "T1"})],
            ),
        ),
        case(
            "a product the order lacks (X) stops the parcel: not shipped, wrong_item against the"
            " create, naming X; the order stays printed",
            [create, label, wrong],
            snap(
                {"O1": {**printed, "events": [oid(wrong)], "ship": {"scanned": {}}}},
                excs=[
                    exc(
                        "wrong_item",
                        [create, wrong],
                        {"tracking": "T1", "items": {"A": 2, "X": 1}, "wrong": ["X"]},
                    )
                ],
            ),
        ),
        case(
            "one A short: a quantity mismatch stops the parcel (never forced); a later full"
            " rescan in promotion mode ships, since the stopped scan never counted",
            [create, label, short, rescan],
            snap(
                {"O1": shipped({"scanned": {"T1": f(rescan, "slip")}}, [short, rescan])},
                excs=[
                    exc(
                        "quantity_mismatch",
                        [create, short],
                        {"tracking": "T1", "items": {"A": 1, "B": 1}, "expected": LINES},
                    )
                ],
            ),
        ),
        case(
            "scanned, batched and confirmed by the courier: each side's fact is kept",
            [create, label, scan_p, batch, pickup],
            snap(
                {
                    "O1": shipped(
                        {
                            "scanned": {"T1": f(scan_p, "slip")},
                            "batch": f(batch, "batch", "carrier", "count"),
                            "pickup": f(pickup, "batch", "carrier", "count", "method"),
                        },
                        [scan_p],
                    )
                }
            ),
        ),
    ]
    # a batch naming an order never scanned out, and an order missed by its batch
    b0 = op("P", 3, 400, "batch.ship", "O1", {"batch": "B1", "carrier": "SF", "count": 1})
    miss = op("P", 4, 410, "batch.missed", "O1", {"batch": "B1", "carrier": "SF"})
    cases.append(
        case(
            "a batch cannot carry an order never scanned out, and the batch's missed order goes"
            " to the exception queue for customer service: two ship_failed records",
            [create, label, b0, miss],
            snap(
                {"O1": {**printed, "ship": {"scanned": {}, "missed": f(miss, "batch", "carrier")}}},
                excs=[
                    exc("ship_failed", [b0], {"batch": "B1", "notify": "cs"}),
                    exc("ship_failed", [miss], {"batch": "B1", "carrier": "SF", "notify": "cs"}),
                ],
            ),
        )
    )
    crate_fields = {"carrier": "SF", "needs_crate": True}
    ccreate = op("S", 1, 0, "order.create", "C1", {"lines": {"A": 1}, "fields": crate_fields})
    hand = op("P", 1, 100, "crate.handoff", "C1", {"packer": "PK1", "due": T + 5000})
    sign = op("K", 1, 50, "crate.sign", "C1")  # the packer's clock is behind: still counts
    wait = op("P", 2, 200, "crate.wait", "C1", {"carrier": "SF"})
    back = op("K", 2, 300, "crate.return", "C1")
    c_order = order("created", lines={"A": 1}, fields=crate_fields)
    cases.append(
        case(
            "a crate handed over, signed on the packer's phone (its clock behind), a courier"
            " waiting, then returned: every fact kept; nothing is an exception",
            [ccreate, hand, sign, wait, back],
            snap(
                {
                    "C1": {
                        **c_order,
                        "ship": {
                            "scanned": {},
                            "crate": {
                                "handoff": f(hand, "packer", "due"),
                                "signed": f(sign),
                                "returned": f(back),
                            },
                            "waiting": f(wait, "carrier"),
                        },
                    }
                }
            ),
        )
    )
    hold = op("C", 1, 10, "order.hold", "C1", {"reason": "call"})
    fr = op("P", 1, 100, "freight.handoff", "C1", {"driver": "王师傅"})
    cases.append(
        case(
            "an order on hold is not handed to the freight driver: order_on_hold, no freight fact",
            [ccreate, hold, fr],
            snap(
                {"C1": {**c_order, "hold": True, "ship": {"scanned": {}}}},
                excs=[exc("order_on_hold", [hold, fr])],
            ),
        )
    )
    return cases


def _o(eid: str, status: str, ship: C | None = None, **fields: Any) -> C:
    labels = {} if status == "created" else {f"T-{eid}": "printed"}
    out = {"eid": eid, "status": status, "hold": False, "fields": fields, "labels": labels}
    if ship is not None:
        out["ship"] = ship
    return out


def _fact(wall: int) -> C:
    return {"op": "X:1", "wall": wall, "actor": "u"}


def rule_cases() -> list[C]:
    day0, day1 = T, T + 86_400_000
    sc = {"scanned": {"T": _fact(day0 + 10)}}
    orders = [
        _o("O1", "printed", None, carrier="SF"),
        _o("O2", "shipped", sc, carrier="SF"),
        _o("O3", "shipped", {**sc, "batch": _fact(day0 + 20)}, carrier="SF"),
        _o(
            "O4",
            "shipped",
            {**sc, "batch": _fact(day0 + 20), "pickup": _fact(day0 + 30)},
            carrier="SF",
        ),
        _o("O5", "cancelled", None, carrier="SF"),
        _o("O6", "shipped", {"scanned": {"T": _fact(day0 - 10)}}, carrier="SF"),
        _o("Y1", "printed", None, carrier="YTO"),
        _o("Z1", "created", None, carrier="YTO"),
    ]
    return [
        rule(
            "item_verdict",
            "exactly the lines: ok",
            {"lines": LINES, "items": {"B": 1, "A": 2}},
            "ok",
        ),
        rule(
            "item_verdict",
            "stopped before any item was packed (items {}): a quantity mismatch",
            {"lines": LINES, "items": {}},
            "quantity",
        ),
        rule(
            "item_verdict",
            "a product not on the order is wrong_item even when the counts would also be off",
            {"lines": LINES, "items": {"A": 1, "X": 1}},
            "wrong_item",
        ),
        rule(
            "item_verdict",
            "one short is a quantity mismatch",
            {"lines": LINES, "items": {"A": 2}},
            "quantity",
        ),
        rule(
            "item_verdict",
            "one over is a quantity mismatch",
            {"lines": LINES, "items": {"A": 3, "B": 1}},
            "quantity",
        ),
        rule(
            "item_verdict",
            "no lines known: any item is wrong",
            {"lines": None, "items": {"A": 1}},
            "wrong_item",
        ),
        rule(
            "item_progress",
            "one A scanned: open, one A and one B still missing",
            {"lines": LINES, "items": {"A": 1}},
            {"state": "open", "missing": {"A": 1, "B": 1}},
        ),
        rule(
            "item_progress",
            "all there: complete",
            {"lines": LINES, "items": {"A": 2, "B": 1}},
            {"state": "complete", "missing": {}},
        ),
        rule(
            "item_progress",
            "a third A: over, stop now",
            {"lines": LINES, "items": {"A": 3}},
            {"state": "over", "missing": {"B": 1}},
        ),
        rule(
            "item_progress",
            "an unknown product: stop now as wrong_item",
            {"lines": LINES, "items": {"Q": 1}},
            {"state": "wrong_item", "missing": {"A": 2, "B": 1}},
        ),
        rule(
            "match_item",
            "the scanner's lower case and spaces still name line sku-a",
            {"lines": {"SKU-A": 1}, "code": " sku-a\n"},
            "SKU-A",
        ),
        rule(
            "match_item",
            "not a line: the normalised code itself",
            {"lines": {"SKU-A": 1}, "code": "zz 9"},
            "ZZ9",
        ),
        rule("slip_step", "normal days: the slip goes in", {"promotion": False}, "in"),
        rule(
            "slip_step", "promotion mode: no slip, recorded as such", {"promotion": True}, "promo"
        ),
        rule(
            "crate_due",
            "handed at 09:30 Shanghai (01:30 UTC) exactly: due at the next slot, 14:30 (06:30 UTC)",
            {"slots": ["09:30", "14:30", "16:30"], "handed": 1_704_072_600_000, "offset": 480},
            1_704_090_600_000,
        ),
        rule(
            "crate_due",
            "handed at 17:00 Shanghai, after the last slot: due 09:30 next day",
            {"slots": ["16:30", "09:30", "14:30"], "handed": 1_704_099_600_000, "offset": 480},
            1_704_159_000_000,
        ),
        rule(
            "crate_due",
            "no slots set: 24 hours later",
            {"slots": [], "handed": 1000, "offset": 480},
            86_401_000,
        ),
        rule("crate_state", "never handed", {"ship": None, "now": 5}, "none"),
        rule(
            "crate_state",
            "handed, before due, unsigned",
            {"ship": {"crate": {"handoff": {**_fact(1), "due": 10}}}, "now": 5},
            "handed",
        ),
        rule(
            "crate_state",
            "signed, before due",
            {
                "ship": {"crate": {"handoff": {**_fact(1), "due": 10}, "signed": _fact(2)}},
                "now": 10,
            },
            "signed",
        ),
        rule(
            "crate_state",
            "past due and not back: overdue, signed or not",
            {
                "ship": {"crate": {"handoff": {**_fact(1), "due": 10}, "signed": _fact(2)}},
                "now": 11,
            },
            "overdue",
        ),
        rule(
            "crate_state",
            "back, even late: returned",
            {
                "ship": {"crate": {"handoff": {**_fact(1), "due": 10}, "returned": _fact(20)}},
                "now": 99,
            },
            "returned",
        ),
        rule(
            "courier_waiting",
            "courier came, crate not back",
            {"ship": {"waiting": _fact(1), "crate": {}}},
            True,
        ),
        rule(
            "courier_waiting",
            "the crate is back: no longer waiting",
            {"ship": {"waiting": _fact(1), "crate": {"returned": _fact(2)}}},
            False,
        ),
        rule(
            "waiting_on",
            "only open crate orders of that carrier, not back, not flagged yet",
            {
                "orders": [
                    _o("C1", "printed", None, carrier="SF", needs_crate=True),
                    _o(
                        "C2",
                        "printed",
                        {"crate": {"returned": _fact(1)}},
                        carrier="SF",
                        needs_crate=True,
                    ),
                    _o("C3", "printed", None, carrier="YTO", needs_crate=True),
                    _o("C4", "printed", None, carrier="SF"),
                    _o("C5", "shipped", None, carrier="SF", needs_crate=True),
                    _o("C6", "created", {"waiting": _fact(1)}, carrier="SF", needs_crate=True),
                ],
                "carrier": "SF",
            },
            ["C1"],
        ),
        rule(
            "batch_parcels",
            "SF: O2 and O6 scanned out, in no batch; O1 labelled but not scanned is missing;"
            " O3/O4 already batched, O5 cancelled, O7 shipped before v3 (no scan facts)",
            {"orders": orders, "carrier": "SF"},
            {"scanned": ["O2", "O6"], "missing": ["O1"]},
        ),
        rule(
            "batch_parcels",
            "YTO: Z1 has no label, so it is not missing",
            {"orders": orders, "carrier": "YTO"},
            {"scanned": [], "missing": ["Y1"]},
        ),
        rule(
            "is_freight",
            "the 托运部 carrier goes by freight depot",
            {"fields": {"carrier": "托运部"}},
            True,
        ),
        rule(
            "is_freight",
            "or an order flagged freight",
            {"fields": {"carrier": "SF", "freight": True}},
            True,
        ),
        rule("is_freight", "a courier parcel is not", {"fields": {"carrier": "SF"}}, False),
        rule(
            "day_range",
            "01:30 UTC is 09:30 in Shanghai: its day runs from 16:00 UTC the evening before",
            {"now": 1_704_072_600_000, "offset": 480},
            [1_704_038_400_000, 1_704_124_800_000],
        ),
        rule("batch_check", "counted equals scanned", {"scanned": 3, "counted": 3}, "ok"),
        rule(
            "batch_check", "one parcel short on the floor", {"scanned": 3, "counted": 2}, "mismatch"
        ),
        rule(
            "batch_check",
            "nothing scanned: nothing to confirm",
            {"scanned": 0, "counted": 0},
            "empty",
        ),
        rule(
            "manifest_text",
            "version, batch, carrier, count, ids",
            {"batch": "B1", "carrier": "SF", "eids": ["O2", "O6"]},
            "PLM1|B1|SF|2|O2,O6",
        ),
        rule(
            "parse_manifest",
            "read back",
            {"text": "PLM1|B1|SF|2|O2,O6\n"},
            {"batch": "B1", "carrier": "SF", "count": 2, "eids": ["O2", "O6"]},
        ),
        rule(
            "parse_manifest",
            "a count that disagrees with the ids is refused",
            {"text": "PLM1|B1|SF|3|O2,O6"},
            None,
        ),
        rule("parse_manifest", "not a manifest", {"text": "SF123456"}, None),
        rule(
            "reconcile",
            "SF today: printed O1 (waiting) O2 O3 O4; scanned O2 O3 O4 (O6 was yesterday);"
            " handed O3 O4; confirmed O4. YTO: Y1 printed only; Z1 unlabelled is no parcel",
            {"orders": orders, "start": day0, "end": day1},
            [
                {
                    "carrier": "SF",
                    "printed": 4,
                    "scanned": 3,
                    "handed": 2,
                    "confirmed": 1,
                    "gaps": {"not_scanned": ["O1"], "not_handed": ["O2"], "not_confirmed": ["O3"]},
                },
                {
                    "carrier": "YTO",
                    "printed": 1,
                    "scanned": 0,
                    "handed": 0,
                    "confirmed": 0,
                    "gaps": {"not_scanned": ["Y1"], "not_handed": [], "not_confirmed": []},
                },
            ],
        ),
    ]


def cases() -> list[C]:
    return fold_cases() + rule_cases()
