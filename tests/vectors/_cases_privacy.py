"""Phone visibility and data partitions (sync/privacy.py, pwa/src/sync/privacy.ts)."""

from __future__ import annotations

from typing import Any

C = dict[str, Any]


def rule(name: str, comment: str, args: C, expected: Any) -> C:
    return {"comment": comment, "rule": name, "args": args, "expected": expected}


def cases() -> list[C]:
    out: list[C] = []
    visible = [
        (["picker"], False, "a picker scans and packs; the label shows the masked number"),
        (["packer"], False, "a packer never calls the recipient"),
        (["printer"], False, "the printer prints labels, which are masked anyway"),
        (["qc"], False, "QC inspects goods, not recipients"),
        (["courier"], False, "couriers are masked, as the printed documents are"),
        (["cs"], True, "customer service calls the customer about exchanges and refunds"),
        (["exceptions"], True, "the exception handler contacts the customer about a problem"),
        (["manager"], True, "the office sees everything"),
        (["admin"], True, "an admin holds every manager right"),
        (["picker", "cs"], True, "any one role that needs the number is enough"),
        (["courier", "cs"], False, "a courier without an office role reads only their route"),
        (["courier", "manager"], True, "a courier who is also a manager is office staff"),
        ([], False, "no role, no number"),
    ]
    for roles, want, why in visible:
        out.append(rule("phone_visible", why, {"roles": roles}, want))
    masks = [
        ("13812345678", "138****5678", "11 digits: first 3 and last 4 kept, as on labels"),
        ("138****5678", "138****5678", "masking twice changes nothing"),
        ("02158881234", "021****1234", "a landline with area code, 11 characters"),
        (" 13812345678 ", "138****5678", "surrounding spaces are not digits"),
        ("12345", "1***5", "short numbers keep only their ends"),
        ("12", "**", "two characters: nothing kept"),
        ("", "", "no number, nothing to mask"),
    ]
    for phone, want, why in masks:
        out.append(rule("mask_phone", why, {"phone": phone}, want))
    parts = [
        (["courier"], "C01", "route:C01", "a courier reads only their own route"),
        (["courier", "picker"], "C01", "route:C01", "floor roles do not widen a courier's route"),
        (["picker"], "P01", "warehouse:masked", "a picker reads the warehouse, phones masked"),
        (["printer", "qc"], "P02", "warehouse:masked", "floor roles share one masked partition"),
        (["manager"], "M01", "warehouse", "the office reads the warehouse with full phones"),
        (["cs"], "S01", "warehouse", "customer service: the same partition as the office"),
        (["courier", "manager"], "M02", "warehouse", "a manager who also drives is office"),
    ]
    for roles, code, want, why in parts:
        out.append(rule("partition", why, {"roles": roles, "code": code}, want))
    create = {
        "lines": {"SKU1": 1},
        "fields": {"recipient_name": "王芳", "recipient_phone": "13812345678", "city": "杭州市"},
    }
    masked = [
        (
            "order.create",
            create,
            {**create, "fields": {**create["fields"], "recipient_phone": "138****5678"}},
            "a created order's phone is masked, every other field kept",
        ),
        (
            "order.set_address",
            {"address": {"recipient_name": "刘洋", "recipient_phone": "13900001111"}},
            {"address": {"recipient_name": "刘洋", "recipient_phone": "139****1111"}},
            "customer service's new address carries a phone: masked",
        ),
        (
            "order.set_field",
            {"field": "recipient_phone", "value": "13700002222"},
            {"field": "recipient_phone", "value": "137****2222"},
            "setting the phone field alone is masked too",
        ),
        (
            "order.set_field",
            {"field": "carrier", "value": "SF"},
            None,
            "another field holds no phone: nothing to rewrite",
        ),
        ("order.create", {"lines": {"SKU1": 1}}, None, "an order with no fields has no phone"),
        ("parcel.scan_out", {"tracking": "SF1"}, None, "scans hold no phone"),
    ]
    for kind, payload, want, why in masked:
        out.append(rule("masked_payload", why, {"kind": kind, "payload": payload}, want))
    return out
