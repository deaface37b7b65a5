"""Domain-rule vectors (sync/rules.py, pwa/src/sync/rules.ts). Each expected value is
reasoned by hand in its comment from protocol §6.4; `rule` names the function, `args` its
arguments by name (an order is given in snapshot form)."""

from __future__ import annotations

from typing import Any

C = dict[str, Any]


def o(
    status: str = "created",
    hold: bool = False,
    fields: dict[str, Any] | None = None,
    labels: dict[str, str] | None = None,
) -> C:
    return {"status": status, "hold": hold, "fields": fields or {}, "labels": labels or {}}


def rule(name: str, comment: str, args: C, expected: Any) -> C:
    return {"comment": comment, "rule": name, "args": args, "expected": expected}


STATUSES = ("created", "printed", "picked", "packed", "shipped", "delivered", "cancelled")


def status_sets() -> list[C]:
    return [
        rule(
            "status_sets",
            "open = in the warehouse (created..packed); live = not terminal (open + shipped);"
            " terminal = delivered, cancelled (nothing moves an order out of them); to_ship ="
            " labelled and waiting (printed, picked, packed); gone = left the warehouse",
            {},
            {
                "open": ["created", "packed", "picked", "printed"],
                "live": ["created", "packed", "picked", "printed", "shipped"],
                "terminal": ["cancelled", "delivered"],
                "to_ship": ["packed", "picked", "printed"],
                "gone": ["delivered", "shipped"],
            },
        )
    ]


def predicates() -> list[C]:
    held_open = o("picked", hold=True)
    held_shipped = o("shipped", hold=True)
    return [
        rule("is_held", "a hold on an open order stops work", {"order": held_open}, True),
        rule(
            "is_held",
            "a hold on a shipped order is no longer the warehouse's: not counted as held",
            {"order": held_shipped},
            False,
        ),
        rule("is_held", "no hold, not held", {"order": o("created")}, False),
        rule("is_to_ship", "packed and not held: waiting to leave", {"order": o("packed")}, True),
        rule("is_to_ship", "created has no label yet", {"order": o("created")}, False),
        rule("is_to_ship", "held: not to ship", {"order": o("printed", hold=True)}, False),
        rule("printable", "created, not held, no label: a wave prints it", {"order": o()}, True),
        rule("printable", "held orders never print", {"order": o(hold=True)}, False),
        rule(
            "printable", "already printed", {"order": o("printed", labels={"T1": "printed"})}, False
        ),
        rule(
            "printable",
            "created but a label exists (voided before any print): not a first print",
            {"order": o(labels={"T1": "voided"})},
            False,
        ),
        rule("printable", "cancelled", {"order": o("cancelled")}, False),
        rule("on_documents", "held: left off the wave's lists", {"order": o(hold=True)}, False),
        rule("on_documents", "cancelled: left off", {"order": o("cancelled")}, False),
        rule("on_documents", "shipped and not held: listed", {"order": o("shipped")}, True),
        rule(
            "live_labels",
            "voided labels drop out; sorted by code point, so the last is the newest version",
            {"order": o("printed", labels={"T2": "printed", "T1": "voided", "T0": "printed"})},
            ["T0", "T2"],
        ),
    ]


def label_refusals() -> list[C]:
    live = {"T1": "printed"}
    return [
        rule(
            "label_refusal",
            "printed, live label: may reprint",
            {"order": o("printed", labels=live)},
            None,
        ),
        rule(
            "label_refusal",
            "packed is still open: may reprint",
            {"order": o("packed", labels=live)},
            None,
        ),
        rule(
            "label_refusal",
            "hold is checked first",
            {"order": o("cancelled", True, labels=live)},
            "hold",
        ),
        rule("label_refusal", "cancelled", {"order": o("cancelled", labels=live)}, "cancelled"),
        rule(
            "label_refusal",
            "shipped: the parcel has left",
            {"order": o("shipped", labels=live)},
            "shipped",
        ),
        rule(
            "label_refusal",
            "delivered: left too",
            {"order": o("delivered", labels=live)},
            "shipped",
        ),
        rule(
            "label_refusal",
            "changed after print: the stale label never prints again",
            {"order": o("printed", fields={"needs_reprint": True}, labels=live)},
            "needs_reprint",
        ),
        rule(
            "label_refusal",
            "every label voided",
            {"order": o("printed", labels={"T1": "voided"})},
            "no_live_label",
        ),
    ]


def fields() -> list[C]:
    base = {
        "recipient_name": "王芳",
        "recipient_phone": "13800000000",
        "province": "陕西省",
        "city": "西安市",
        "district": "雁塔区",
        "address_detail": "科技路 1 号",
    }
    moved = {
        "province": "江苏省",
        "city": "苏州市",
        "district": "工业园区",
        "address_detail": "星湖街 2 号",
    }
    want_moved = {**base, **moved}
    return [
        rule("address_of", "no set_address: the create's fields", {"fields": base}, base),
        rule(
            "address_of",
            "set_address wins for each key it wrote; the name and phone it left out stay",
            {"fields": {**base, "address": moved}},
            want_moved,
        ),
        rule(
            "address_of",
            "a key written empty by set_address wins too (staff cleared it)",
            {"fields": {**base, "address": {"recipient_phone": ""}}},
            {**base, "recipient_phone": ""},
        ),
        rule(
            "address_of",
            "a non-text value reads as ''; an `address` that is not a map is ignored",
            {"fields": {**base, "city": 7, "address": "北京路 1号"}},
            {**base, "city": ""},
        ),
        rule(
            "address_of",
            "nothing at all: six empty strings",
            {"fields": {}},
            dict.fromkeys(base, ""),
        ),
        rule(
            "full_address",
            "province+city+district+detail",
            {"fields": {**base, "address": moved}},
            "江苏省苏州市工业园区星湖街 2 号",
        ),
        rule("special_text", "no requests", {"fields": {"carrier": "SF"}}, ""),
        rule(
            "special_text",
            "buyer request first, then card, invoice, window, joined by a full-width semicolon",
            {
                "fields": {
                    "delivery_window": "周末",
                    "special_request": "轻放",
                    "greeting_card": "生日快乐",
                    "invoice_title": "某公司",
                }
            },
            "轻放；贺卡：生日快乐；发票抬头：某公司；送货时间：周末",
        ),
        rule(
            "special_text",
            "a card alone",
            {"fields": {"greeting_card": "新年好", "special_request": ""}},
            "贺卡：新年好",
        ),
        rule("is_special", "a crate item", {"fields": {"needs_crate": True}}, True),
        rule("is_special", "a handwritten label", {"fields": {"handwritten_label": True}}, True),
        rule("is_special", "an invoice title only", {"fields": {"invoice_title": "某公司"}}, True),
        rule(
            "is_special",
            "needs_crate must be true itself, not truthy",
            {"fields": {"needs_crate": 1}},
            False,
        ),
        rule("carrier_key", "a carrier code", {"fields": {"carrier": "SF"}}, "SF"),
        rule("carrier_key", "none set: '' (a screen shows '—')", {"fields": {}}, ""),
        rule("carrier_key", "not text: ''", {"fields": {"carrier": None}}, ""),
    ]


def scans() -> list[C]:
    live = {"T1": "printed", "T0": "voided"}
    return [
        rule(
            "judge_scan",
            "no order has the label",
            {"order": None, "tracking": "T9", "scanned": False},
            "unknown",
        ),
        rule(
            "judge_scan",
            "first scan of a live label",
            {"order": o("packed", labels=live), "tracking": "T1", "scanned": False},
            "ok",
        ),
        rule(
            "judge_scan",
            "scanned before: a duplicate",
            {"order": o("shipped", labels=live), "tracking": "T1", "scanned": True},
            "already",
        ),
        rule(
            "judge_scan",
            "the voided label",
            {"order": o("printed", labels=live), "tracking": "T0", "scanned": False},
            "voided",
        ),
        rule(
            "judge_scan",
            "held beats voided and scanned",
            {"order": o("printed", True, labels=live), "tracking": "T0", "scanned": True},
            "hold",
        ),
        rule(
            "judge_scan",
            "cancelled beats everything",
            {"order": o("cancelled", True, labels=live), "tracking": "T0", "scanned": True},
            "cancelled",
        ),
        rule(
            "normalise_tracking",
            "spaces, case and a newline",
            {"raw": " sf 1234\tab\n"},
            "SF1234AB",
        ),
    ]


def counts() -> list[C]:
    orders = [
        o("created", fields={"carrier": "SF"}),  # printable, SF
        o("created", True, fields={"carrier": "SF", "needs_crate": True}),  # held, crate, special
        o("printed", fields={"carrier": "YTO", "special_request": "轻放"}, labels={"T": "printed"}),
        o("packed", True, fields={}, labels={"U": "printed"}),  # held, carrier ''
        o("shipped", fields={"carrier": "SF"}),
        o("delivered", fields={"carrier": "SF"}),
        o("cancelled", True, fields={"carrier": "ZTO", "needs_crate": True}),
    ]
    return [
        rule(
            "order_counts",
            "7 orders. Open: the first four. printable: #1 only (#2 held). held: #2, #4 (the"
            " cancelled #7 is not open). special: #2 (crate), #3 (request). crate: #2."
            " printed: #3. shipped: #5 only (delivered is not shipped). to_ship: #3 (#4 is"
            " held). by_carrier over open orders, sorted: '' (#4) 1, SF (#1, #2) 2, YTO 1",
            {"orders": orders},
            {
                "total": 7,
                "printable": 1,
                "held": 2,
                "special": 2,
                "crate": 1,
                "printed": 1,
                "shipped": 1,
                "to_ship": 1,
                "by_carrier": [
                    {"carrier": "", "count": 1},
                    {"carrier": "SF", "count": 2},
                    {"carrier": "YTO", "count": 1},
                ],
            },
        ),
        rule(
            "order_counts",
            "no orders: all zero, no carriers",
            {"orders": []},
            {
                "total": 0,
                "printable": 0,
                "held": 0,
                "special": 0,
                "crate": 0,
                "printed": 0,
                "shipped": 0,
                "to_ship": 0,
                "by_carrier": [],
            },
        ),
    ]


def waves() -> list[C]:
    times = ["16:00", "08:00", "12:00"]  # as configured: any order
    return [
        rule("next_slot", "before the first wave", {"times": times, "clock": "07:59"}, "08:00"),
        rule(
            "next_slot",
            "at a wave's minute: that wave",
            {"times": times, "clock": "12:00"},
            "12:00",
        ),
        rule("next_slot", "between waves", {"times": times, "clock": "12:01"}, "16:00"),
        rule("next_slot", "after the last: none today", {"times": times, "clock": "16:30"}, None),
        rule(
            "next_slot",
            "a warehouse with one 10:30 wave",
            {"times": ["10:30"], "clock": "09:00"},
            "10:30",
        ),
    ]


def cases() -> list[C]:
    return [
        *status_sets(),
        *predicates(),
        *label_refusals(),
        *fields(),
        *scans(),
        *counts(),
        *waves(),
    ]
