from __future__ import annotations

from typing import Any

import pytest

from sync.errors import InvalidOpError
from sync.kinds import KINDS, problem, validate
from sync.op import Op
from sync.screens import SCREENS


def _op(kind: str, payload: dict[str, Any], etype: str | None = None) -> Op:
    return Op("A", 1, 1, 0, "u", kind, etype or KINDS.get(kind, ("order",))[0], "E", payload)


GOOD: dict[str, dict[str, Any]] = {
    "order.create": {"lines": {"S": 1}, "fields": {"carrier": "SF"}},
    "order.set_field": {"field": "note", "value": None},
    "order.set_address": {"address": {"city": "上海"}},
    "order.hold": {"reason": "call"},
    "order.release": {},
    "order.cancel": {},
    "label.print": {"tracking": "T"},
    "label.void": {"tracking": "T", "reason": "r"},
    "pick.line_picked": {"sku": "S", "qty": 2},
    "status.advance": {"to": "packed"},
    "parcel.scan_out": {"tracking": "T", "qty": 0},
    "delivery.confirm": {"proof": {"photo": "h"}},
    "stock.grant": {"device": "A", "qty": 1},
    "stock.spend": {"qty": 1, "order": "O"},
    "stock.adjust": {"delta": -1},
    "sync.release": {},
    "pick.sign": {"wave": "20261207080000", "document": "PK-20261207080000"},
    "pick.shortage": {"sku": "S", "qty": 0, "note": "n"},
    "stock.count": {"qty": 0, "session": "S"},
    "stock.count_accept": {"count": "C:1"},
    "stock.receive": {"qty": 3, "receipt": "R-1", "supplier": "供应商A"},
    "qc.inspect": {"result": "fail", "draw": "W:d", "note": "n", "checks": [{"step": "w"}]},
    "exception.assign": {"to": "E001"},
    "exception.note": {"text": "n"},
    "exception.notify_cs": {},
    "exception.resolve": {"outcome": "reprint", "text": "t"},
    "crate.handoff": {"packer": "P1", "due": 1},
    "crate.sign": {},
    "crate.return": {},
    "crate.wait": {"carrier": "SF"},
    "freight.handoff": {"driver": "王师傅"},
    "batch.ship": {"batch": "B1", "carrier": "SF", "count": 2},
    "batch.missed": {"batch": "B1", "carrier": ""},
    "pickup.confirm": {"batch": "B1", "carrier": "SF", "count": 2, "method": "qr"},
}


def test_every_kind_has_a_good_example() -> None:
    assert set(GOOD) == set(KINDS)
    for kind, payload in GOOD.items():
        validate(_op(kind, payload))


@pytest.mark.parametrize(
    ("kind", "payload", "reason"),
    [
        ("order.create", {"lines": {}}, "bad_payload"),
        ("order.create", {"lines": {"S": 1}, "fields": {"Bad": 1}}, "bad_payload"),
        ("order.set_field", {"field": "x"}, "bad_payload"),
        ("status.advance", {"to": "cancelled"}, "bad_payload"),
        ("status.advance", {"to": "created"}, "bad_payload"),
        ("pick.line_picked", {"sku": "", "qty": 1}, "bad_payload"),
        ("pick.line_picked", {"sku": "S", "qty": True}, "bad_payload"),
        ("pick.line_picked", {"sku": "S", "qty": 1, "verified": False}, "bad_payload"),
        ("pick.shortage", {"sku": "S", "qty": -1}, "bad_payload"),
        ("pick.sign", {"wave": ""}, "bad_payload"),
        ("stock.adjust", {"delta": 0}, "bad_payload"),
        ("sync.release", {"x": 1}, "bad_payload"),
        ("order.explode", {}, "unknown_kind"),
    ],
)
def test_invalid(kind: str, payload: dict[str, Any], reason: str) -> None:
    with pytest.raises(InvalidOpError) as info:
        validate(_op(kind, payload))
    assert info.value.reason == reason


def test_wrong_etype() -> None:
    with pytest.raises(InvalidOpError) as info:
        validate(_op("stock.spend", {"qty": 1}, etype="order"))
    assert info.value.reason == "wrong_etype"


def _variants(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The payload with each key dropped, each value swapped, and an extra key."""
    values: list[Any] = [None, True, 0, 1, -1, 2**53, "", "x", "packed", [], ["x"], {}]
    values += [{"S": 1}, {"S": 0}, {"": 1}, {"Bad": 1}, {"carrier": "SF"}]
    out = [payload, {**payload, "extra": 1}, {**payload, "reason": "r"}, {**payload, "qty": 1}]
    for k in payload:
        out.append({x: v for x, v in payload.items() if x != k})
        out += [{**payload, k: v} for v in values]
    for k in ("tracking", "proof", "fields", "order", "reason", "qty"):
        out += [{**payload, k: v} for v in values]
    return out


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_screens_pass_only_valid_payloads(kind: str) -> None:
    """The replica's quick screens never let through what `problem` refuses."""
    etype, screen = SCREENS[kind]
    assert etype == KINDS[kind][0]
    assert screen(GOOD[kind])  # and they pass the ordinary shapes (else they are no use)
    for payload in _variants(GOOD[kind]):
        if screen(payload):
            assert problem(_op(kind, payload)) is None, payload
