"""Picking vectors (sync/picking.py, pwa/src/sync/picking.ts, and the order fold's v3 picking
ops). Each expected value is reasoned by hand in its comment; rule cases name the function
(`rule`) and its arguments by name, state cases are folded like every other state vector."""

from __future__ import annotations

from typing import Any

from _build import case, exc, op, order, snap

C = dict[str, Any]


def rule(name: str, comment: str, args: C, expected: Any) -> C:
    return {"comment": comment, "rule": name, "args": args, "expected": expected}


def ln(sku: str, loc: str, walk: int, spot: bool) -> C:
    return {"sku": sku, "location": loc, "walk_order": walk, "spot_checked": spot}


def line(need: int, picked: int, spot: bool, verified: bool = False) -> C:
    return {"sku": "S", "need": need, "picked": picked, "spot_checked": spot, "verified": verified}


def rules() -> list[C]:
    a1 = ln("SKU-C", "A-01-01", 1, False)
    a2 = ln("SKU-B", "A-02-01", 2, True)
    b1 = ln("SKU-A", "B-01-01", 10, True)
    b1b = ln("SKU-0", "B-01-01", 10, False)
    un = ln("SKU-U", "未上架", 1_000_000, True)
    return [
        rule(
            "pick_sequence",
            "spot-checked SKUs first (B, A, U by walk order 2, 10, unshelved last), then the"
            " rest (C at walk 1, then 0 at walk 10)",
            {"lines": [b1b, a1, un, b1, a2]},
            [a2, b1, un, a1, b1b],
        ),
        rule(
            "pick_sequence",
            "same walk order: by location, then SKU in code point order",
            {"lines": [ln("b", "X-2", 5, True), ln("a", "X-2", 5, True), ln("z", "X-1", 5, True)]},
            [ln("z", "X-1", 5, True), ln("a", "X-2", 5, True), ln("b", "X-2", 5, True)],
        ),
        rule(
            "pick_verdict", "not on the list", {"line": None, "qty": 1, "confirmed": True}, "wrong"
        ),
        rule(
            "pick_verdict",
            "2 of 2 picked: a genuine second scan is reported as already picked",
            {"line": line(2, 2, True), "qty": 1, "confirmed": False},
            "done",
        ),
        rule(
            "pick_verdict",
            "1 of 2 picked, 2 more scanned: one too many (quantity check)",
            {"line": line(2, 1, True), "qty": 2, "confirmed": False},
            "over",
        ),
        rule(
            "pick_verdict",
            "no spot-check mark, never verified, not confirmed: open and verify first",
            {"line": line(3, 0, False), "qty": 1, "confirmed": False},
            "verify",
        ),
        rule(
            "pick_verdict",
            "no mark, confirmed now: counts",
            {"line": line(3, 0, False), "qty": 1, "confirmed": True},
            "ok",
        ),
        rule(
            "pick_verdict",
            "no mark but verified earlier in this wave: counts without asking again",
            {"line": line(3, 1, False, verified=True), "qty": 1, "confirmed": False},
            "ok",
        ),
        rule(
            "pick_verdict",
            "the quantity check comes before the verification: over is over",
            {"line": line(1, 0, False), "qty": 2, "confirmed": False},
            "over",
        ),
        rule(
            "pick_verdict",
            "spot-checked, within the line: ok",
            {"line": line(3, 2, True), "qty": 1, "confirmed": False},
            "ok",
        ),
        rule(
            "next_order",
            "slot order: O-1 has its 1 unit, O-2 needs 2 and has 1: O-2",
            {
                "sku": "S",
                "orders": [
                    {"eid": "O-1", "lines": {"S": 1}, "picked": {"S": 1}},
                    {"eid": "O-2", "lines": {"S": 2, "T": 1}, "picked": {"S": 1}},
                    {"eid": "O-3", "lines": {"S": 1}, "picked": {}},
                ],
            },
            "O-2",
        ),
        rule(
            "next_order",
            "every order has its units: none",
            {"sku": "S", "orders": [{"eid": "O-1", "lines": {"S": 1}, "picked": {"S": 1}}]},
            None,
        ),
        rule(
            "in_shortage_basket",
            "a shortage on an open order: in the basket",
            {"order": {"status": "printed", "shortage": {"S": 1}}},
            True,
        ),
        rule(
            "in_shortage_basket",
            "cancelled (customer service refunded): out of the basket",
            {"order": {"status": "cancelled", "shortage": {"S": 1}}},
            False,
        ),
        rule(
            "in_shortage_basket",
            "no shortage key (cleared, or never): not in the basket",
            {"order": {"status": "printed"}},
            False,
        ),
        rule(
            "shortage_basket",
            "open orders with a shortage, by id",
            {
                "orders": {
                    "O-2": {"status": "picked", "shortage": {"S": 2}},
                    "O-1": {"status": "printed", "shortage": {"T": 1}},
                    "O-3": {"status": "shipped", "shortage": {"S": 1}},
                    "O-4": {"status": "printed"},
                }
            },
            ["O-1", "O-2"],
        ),
        rule(
            "allowance_left",
            "granted 5, spent 3: 2 left",
            {"stock": {"on_hand": 7, "granted": {"A": 5}, "spent": {"A": 3}}, "device": "A"},
            2,
        ),
        rule(
            "allowance_left", "no stock entity: nothing granted", {"stock": None, "device": "A"}, 0
        ),
        rule(
            "spend_verdict",
            "the last unit of A's allowance: ok",
            {"stock": {"on_hand": 1, "granted": {"A": 1}, "spent": {}}, "device": "A", "qty": 1},
            "ok",
        ),
        rule(
            "spend_verdict",
            "B holds no allowance for the last unit: exceeded (the fold will report it)",
            {"stock": {"on_hand": 1, "granted": {"A": 1}, "spent": {}}, "device": "B", "qty": 1},
            "exceeded",
        ),
        rule(
            "allocate_shortage",
            "3 short of S: O-1 has nothing open (1 ordered, 1 picked), O-2 has 2 open of 3"
            " (3 ordered, 1 picked, none short), O-3 has 1 reported short of 2:"
            " O-2 takes 2 (total 2), O-3 takes the last 1 (total 1 + 1 = 2)",
            {
                "sku": "S",
                "qty": 3,
                "orders": [
                    {"eid": "O-1", "lines": {"S": 1}, "picked": {"S": 1}},
                    {"eid": "O-2", "lines": {"S": 3}, "picked": {"S": 1}},
                    {"eid": "O-3", "lines": {"S": 2}, "picked": {}, "shortage": {"S": 1}},
                ],
            },
            [["O-2", 2], ["O-3", 2]],
        ),
        rule(
            "allocate_shortage",
            "more short than is open: only what is open is placed",
            {"sku": "S", "qty": 5, "orders": [{"eid": "O-1", "lines": {"S": 2}, "picked": {}}]},
            [["O-1", 2]],
        ),
    ]


def states() -> list[C]:
    cr = op("SRV", 1, 0, "order.create", "O-1", {"lines": {"S": 2, "T": 1}})
    sign = op("P", 1, 10, "pick.sign", "O-1", {"wave": "W1", "document": "PK-W1"})
    p1 = op("P", 2, 20, "pick.line_picked", "O-1", {"sku": "T", "qty": 1, "verified": True})
    s1 = op("P", 3, 30, "pick.shortage", "O-1", {"sku": "S", "qty": 2, "note": "空位"})
    s2 = op("Q", 1, 40, "pick.shortage", "O-1", {"sku": "S", "qty": 1})
    clr = op("CS", 1, 50, "pick.shortage", "O-1", {"sku": "S", "qty": 0})
    base = {"lines": {"S": 2, "T": 1}, "picked": {"T": 1}}
    return [
        case(
            "a signature and a verified pick are events of the order; the verified SKU is"
            " listed; a shortage notice of 2 S puts `shortage` in the snapshot",
            [cr, sign, p1, s1],
            snap(
                orders={
                    "O-1": {
                        **order(events=[sign, p1, s1], **base),
                        "shortage": {"S": 2},
                        "verified": ["T"],
                    }
                }
            ),
        ),
        case(
            "two reports of one SKU: the later (LWW by clock) says 1 short",
            [cr, s1, s2],
            snap(
                orders={
                    "O-1": {**order(lines=base["lines"], events=[s1, s2]), "shortage": {"S": 1}}
                }
            ),
        ),
        case(
            "customer service clears it (qty 0): no shortage key, the order leaves the basket",
            [cr, s1, s2, clr],
            snap(orders={"O-1": order(lines=base["lines"], events=[s1, s2, clr])}),
        ),
        case(
            "a pick of an unmarked SKU after the order was cancelled: rejected like any pick,"
            " the verification is not recorded either",
            [
                cr,
                op("CS", 2, 15, "order.cancel", "O-1", {}),
                p1,
            ],
            snap(
                orders={"O-1": order("cancelled", lines=base["lines"], events=[p1])},
                excs=[
                    exc("order_cancelled", [op("CS", 2, 15, "order.cancel", "O-1", {}), p1]),
                ],
            ),
        ),
    ]


def cases() -> list[C]:
    return rules() + states()
