"""Stock counts (盘点) merging with live picking, inspections and the quality rules
(issue 14; sync/stock_fold.py, sync/quality.py). Every `expected` is worked out by hand
in its comment, except the draw hashes, which pin the two languages to one function."""

from __future__ import annotations

from typing import Any

from _build import T, case, op, snap, stock

LOC = "W1:SKU-A@A-01"


def _count(
    qty: int, book: int, status: str, at: int, cid: str = "C:1", by: str = "u-c"
) -> dict[str, Any]:
    return {
        "id": cid,
        "at": T + at,
        "by": by,
        "qty": qty,
        "book": book,
        "diff": qty - book,
        "status": status,
    }


def _with(base: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {**base, **extra}


def state_cases() -> list[dict[str, Any]]:
    receipt = op("SRV", 1, 0, "stock.adjust", LOC, {"delta": 10, "reason": "receipt"})
    grant = op("SRV", 2, 500, "stock.grant", LOC, {"device": "P", "qty": 5})
    late_pick = op("P", 1, 1000, "stock.spend", LOC, {"qty": 2, "order": "O-1"})
    count8 = op("C", 1, 2000, "stock.count", LOC, {"qty": 8, "session": "S-1"})
    count7 = op("C", 1, 2000, "stock.count", LOC, {"qty": 7})
    after_pick = op("P", 2, 3000, "stock.spend", LOC, {"qty": 1})
    accept = op("M", 1, 4000, "stock.count_accept", LOC, {"count": "C:1"})
    c2 = op("C", 2, 2500, "stock.count", LOC, {"qty": 9})
    accept_old = op("M", 1, 3500, "stock.count_accept", LOC, {"count": "C:1"})
    accept_new = op("M", 2, 4000, "stock.count_accept", LOC, {"count": "C:2"})
    base = stock(7, {"P": 5}, {"P": 3})
    return [
        case(
            "10 received, P picks 2 before the count (synced late, in any order), the count"
            " finds 8, P picks 1 after: the count's book is 10-2=8 (the late pick sorts"
            " before it), so it matches; on_hand 10-2-1=7, the early pick counted once",
            [receipt, grant, late_pick, count8, after_pick],
            snap(stocks={LOC: _with(base, counts=[_count(8, 8, "matched", 2000)])}),
        ),
        case(
            "the same, but the count finds 7: book 8, diff -1, open; the manager accepts"
            " after a later pick, so on_hand = 7 (counted) - 1 (picked after) = 6",
            [receipt, grant, late_pick, count7, after_pick, accept],
            snap(
                stocks={
                    LOC: _with(
                        stock(6, {"P": 5}, {"P": 3}),
                        counts=[_with(_count(7, 8, "accepted", 2000), accepted_by="u-m")],
                    )
                }
            ),
        ),
        case(
            "not accepted yet: the books keep 10-2-1=7 and the count stays open with -1",
            [receipt, grant, late_pick, count7, after_pick],
            snap(stocks={LOC: _with(base, counts=[_count(7, 8, "open", 2000)])}),
        ),
        case(
            "two counts before any accept: the later one (9 at 2500, book 10-2=8, +1)"
            " supersedes the earlier (7, -1); accepting the superseded one changes nothing,"
            " accepting the newer gives 9 - 1 (picked at 3000) = 8",
            [receipt, grant, late_pick, count7, c2, after_pick, accept_old, accept_new],
            snap(
                stocks={
                    LOC: _with(
                        stock(8, {"P": 5}, {"P": 3}),
                        counts=[
                            _count(7, 8, "superseded", 2000),
                            _with(_count(9, 8, "accepted", 2500, "C:2"), accepted_by="u-m"),
                        ],
                    )
                }
            ),
        ),
        case(
            "a receipt puts 6 away at A-01 (on_hand 6) and is remembered for the uninspected"
            " list; a second receipt adds 4 and is the one remembered",
            [
                op("R", 1, 1000, "stock.receive", LOC, {"qty": 6, "receipt": "R-1"}),
                op(
                    "R",
                    2,
                    2000,
                    "stock.receive",
                    LOC,
                    {"qty": 4, "receipt": "R-2", "supplier": "S"},
                ),
            ],
            snap(
                stocks={LOC: _with(stock(10, {}, {}), received={"at": T + 2000, "receipt": "R-2"})}
            ),
        ),
        case(
            "an inspection gives the SKU the spot-check mark; a later failed one takes it away",
            [
                op(
                    "Q",
                    1,
                    1000,
                    "qc.inspect",
                    "W1:SKU-A",
                    {"result": "pass", "draw": "W1:d1"},
                    etype="stock",
                ),
                op(
                    "Q",
                    2,
                    2000,
                    "qc.inspect",
                    "W1:SKU-A",
                    {"result": "fail", "note": "划痕"},
                    etype="stock",
                ),
            ],
            snap(
                stocks={
                    "W1:SKU-A": _with(
                        stock(0, {}, {}),
                        qc={"mark": False, "result": "fail", "at": T + 2000, "by": "u-q"},
                    )
                }
            ),
        ),
    ]


def _ent(on_hand: int, spent: dict[str, int] | None = None, **extra: Any) -> dict[str, Any]:
    return _with(stock(on_hand, {}, spent or {}), **extra)


_MARK = {"mark": True, "result": "pass", "at": T, "by": "u-q"}


def _order(status: str, lines: dict[str, int], fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": status,
        "hold": False,
        "lines": lines,
        "fields": fields,
        "labels": {},
        "picked": {},
        "events": [],
    }


def _row(sku: str, available: int, shipped: int, marked: bool) -> dict[str, Any]:
    return {"sku": sku, "available": available, "shipped": shipped, "marked": marked}


def rule_cases() -> list[dict[str, Any]]:
    stock_snap = {
        "W1:SKU-A": _ent(0, {"P": 3}, qc=_MARK),
        "W1:SKU-A@A-01": _ent(5),
        "W1:SKU-A@DEFECT": _ent(2),
        "W1:SKU-B": _ent(0, {"P": 1}),
        "W1:SKU-B@B-01": _ent(0),
        "W1:SKU-C@C-01": _ent(4, counts=[_count(3, 4, "open", 0), _count(4, 4, "matched", 9)]),
        "W1:SKU-D@D-01": _ent(1, counts=[_count(0, 1, "accepted", 0)]),
    }
    rows = [
        _row("W1:SKU-A", 5, 3, True),
        _row("W1:SKU-B", 0, 1, False),
        _row("W1:SKU-C", 4, 0, False),
        _row("W1:SKU-D", 1, 0, False),
    ]
    shelf4 = [_row(f"W1:S{i}", 1, 0, False) for i in range(1, 5)]
    return [
        {
            "comment": "per-SKU totals: A = 0 + 5 at A-01, the 2 in the defect area are not"
            " available; shipped sums spends; the mark is the SKU entity's own",
            "rule": "sku_rows",
            "args": {"stock": stock_snap},
            "expected": rows,
        },
        {
            "comment": "B has nothing available outside the defect area: delist it",
            "rule": "delist",
            "args": {"rows": rows},
            "expected": ["W1:SKU-B"],
        },
        {
            "comment": "only C's first count is open with a difference (-1); the matched and"
            " accepted ones are not on the manager's list",
            "rule": "count_differences",
            "args": {"stock": stock_snap},
            "expected": [{"eid": "W1:SKU-C@C-01", **_count(3, 4, "open", 0)}],
        },
        {
            "comment": "received today before 18:00 (window [0, 100)): A at 10 was inspected at"
            " 20 (after), B at 30 was inspected at 5 (before it arrived), C arrived at 150"
            " (after the cut-off, tomorrow's list): only B is uninspected",
            "rule": "uninspected",
            "args": {
                "stock": {
                    "W1:SKU-A": _ent(0, qc=_with(_MARK, at=20)),
                    "W1:SKU-A@A-01": _ent(1, received={"at": 10, "receipt": "R-1"}),
                    "W1:SKU-B": _ent(0, qc=_with(_MARK, at=5)),
                    "W1:SKU-B@B-01": _ent(1, received={"at": 30, "receipt": "R-1"}),
                    "W1:SKU-C@C-01": _ent(1, received={"at": 150, "receipt": "R-2"}),
                },
                "since": 0,
                "until": 100,
            },
            "expected": ["W1:SKU-B"],
        },
        {
            "comment": "re-shipped parts: O-1 (reship, open) needs P-1 and P-2 checked; P-2 has"
            " passed an inspection, P-1 only the catalogue flag (not enough): P-1; O-2 is not a"
            " reship, O-3 has shipped already",
            "rule": "reship_checks",
            "args": {
                "warehouse": "W1",
                "orders": {
                    "O-1": _order("printed", {"P-1": 1, "P-2": 2}, {"reship": True}),
                    "O-2": _order("created", {"P-3": 1}, {}),
                    "O-3": _order("shipped", {"P-4": 1}, {"reship": True}),
                },
                "stock": {"W1:P-2": _ent(0, qc=_MARK), "W1:P-1@A-01": _ent(3)},
            },
            "expected": ["W1:P-1"],
        },
        {
            "comment": "catalogue + ops: A's 10 on the shelf plus 3 received = 13, shipped is"
            " the larger (4 on orders vs 1 spent), and A's failed inspection in the ops beats the"
            " catalogue's mark; B only in the catalogue keeps its mark; C only in the ops",
            "rule": "combine_rows",
            "args": {
                "catalogue": [_row("W1:SKU-A", 10, 4, True), _row("W1:SKU-B", 2, 0, True)],
                "stock": {
                    "W1:SKU-A": _ent(0, {"P": 1}, qc=_with(_MARK, mark=False, result="fail")),
                    "W1:SKU-A@R-01": _ent(3),
                    "W1:SKU-C@R-01": _ent(5),
                },
            },
            "expected": [
                _row("W1:SKU-A", 13, 4, False),
                _row("W1:SKU-B", 2, 0, True),
                _row("W1:SKU-C", 5, 0, False),
            ],
        },
        {
            "comment": "within target ± tolerance, bounds included: 10.5 vs 10±0.5 passes, 10.6"
            " fails, 9.5 passes, and a zero tolerance needs the exact value",
            "rule": "measure_passes",
            "args": {
                "measures": [
                    [10.5, 10, 0.5],
                    [10.6, 10, 0.5],
                    [9.5, 10, 0.5],
                    [3, 3, 0],
                    [3.1, 3, 0],
                ]
            },
            "expected": [True, False, True, True, False],
        },
        {
            "comment": "a failed unit of A leaves from B-02 (7, the most), not A-01 (5), the"
            " defect area (9) nor the SKU's own entity",
            "rule": "defect_source",
            "args": {
                "stock": {
                    "W1:SKU-A": _ent(20),
                    "W1:SKU-A@A-01": _ent(5),
                    "W1:SKU-A@B-02": _ent(7),
                    "W1:SKU-A@DEFECT": _ent(9),
                    "W1:SKU-AB@A-01": _ent(99),
                },
                "sku": "W1:SKU-A",
            },
            "expected": "W1:SKU-A@B-02",
        },
        {
            "comment": "nothing on any location: no source (the screen says so)",
            "rule": "defect_source",
            "args": {"stock": {"W1:SKU-A@A-01": _ent(0)}, "sku": "W1:SKU-A"},
            "expected": None,
        },
        {
            "comment": "the draw hash: FNV-1a 32 of UTF-8 'seed\\x1fsku' then murmur3 fmix32;"
            " pinned so both languages draw alike (non-ASCII included)",
            "rule": "draw_hash",
            "args": {"pairs": [["W1:2026-12-07", "W1:SKU-A"], ["", ""], ["仓1:今天", "W1:货号"]]},
            "expected": [3775698446, 3192004061, 3105536703],
        },
        {
            "comment": "5 SKUs on the shelf (A, S1-S4): half rounded up is 3, the 3 lowest"
            " hashes (S1, S2, S4; A's is the highest), plus B, shipped without the mark and"
            " not on the shelf; A was shipped but is marked, so only the draw could pick it",
            "rule": "spot_check_sample",
            "args": {"seed": "W1:2026-12-07", "rows": rows[:2] + shelf4},
            "expected": ["W1:S1", "W1:S2", "W1:S4", "W1:SKU-B"],
        },
        {
            "comment": "3 on the shelf: half rounded up is 2; nothing shipped unmarked",
            "rule": "spot_check_sample",
            "args": {"seed": "W1:2026-12-08", "rows": shelf4[:3]},
            "expected": ["W1:S1", "W1:S2"],
        },
        {
            "comment": "nothing on the shelf and nothing shipped: an empty sample",
            "rule": "spot_check_sample",
            "args": {"seed": "x", "rows": [_row("W1:Z", 0, 0, False)]},
            "expected": [],
        },
    ]
