"""Runs every case of every tests/vectors/*.json file (see tests/vectors/README.md)."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import msgspec
import pytest

from sync import (
    KINDS,
    Clock,
    ClockSkewError,
    DecodeError,
    Hlc,
    Op,
    Replica,
    courier,
    decode_json,
    decode_msgpack,
    encode_json,
    encode_msgpack,
    from_builtins,
    materialise,
    permissions,
    picking,
    privacy,
    quality,
    rules,
)
from sync.rules import OrderState
from sync.wire import MESSAGES
from tests.sync.shipping_rules import SHIPPING_RULES

VECTORS = Path(__file__).parent.parent / "vectors"


def _cases() -> list[Any]:
    out = []
    for path in sorted(VECTORS.glob("*.json")):
        for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            out.append(pytest.param(case, id=f"{path.stem}[{i}]"))
    return out


def _hlc(v: list[Any]) -> Hlc:
    return Hlc(v[0], v[1], v[2])


def _run_hlc(case: dict[str, Any]) -> None:
    phys = [0]
    start = case["start"]
    last = Hlc(start[0], start[1], case["node"]) if start else None
    clock = Clock(case["node"], lambda: phys[0], case["max_drift_ms"], last)
    for step in case["steps"]:
        if step["do"] == "compare":
            a, b = _hlc(step["a"]), _hlc(step["b"])
            assert (a > b) - (a < b) == step["expect"], step
            continue
        phys[0] = step["phys"]
        if "error" in step:
            before = clock.last
            with pytest.raises(ClockSkewError):
                clock.receive(_hlc(step["remote"]))
            assert clock.last == before
            continue
        got = clock.now() if step["do"] == "now" else clock.receive(_hlc(step["remote"]))
        assert got == _hlc(step["expect"]), step


def _run_encoding(case: dict[str, Any]) -> None:
    op = from_builtins(case["op"])
    assert op.id == case["id"]
    js, mp = case["json"].encode(), bytes.fromhex(case["msgpack"])
    assert encode_json(op) == js
    assert encode_msgpack(op) == mp
    assert encode_json(decode_msgpack(mp)) == js
    assert encode_msgpack(decode_json(js)) == mp


def _run_decode_error(case: dict[str, Any]) -> None:
    with pytest.raises(DecodeError):
        if "input" in case:
            decode_json(case["input"].encode())
        else:
            decode_msgpack(bytes.fromhex(case["input_msgpack"]))


def _orders(case: dict[str, Any], ops: list[Op]) -> list[list[Op]]:
    """Orders to try: as given, permutations or shuffles, and shuffled with duplicates."""
    runs = [ops]
    if not case.get("permutations"):
        return runs
    rng = random.Random(len(ops))
    if len(ops) <= 6:
        runs.extend(list(p) for p in itertools.permutations(ops))
    else:
        for _ in range(20):
            runs.append(rng.sample(ops, len(ops)))
    doubled = ops + ops
    rng.shuffle(doubled)
    runs.append(doubled)
    return runs


def _run_state(case: dict[str, Any]) -> None:
    initial = [from_builtins(o) for o in case["initial"] or []]
    ops = [from_builtins(o) for o in case["ops"]]
    horizon = case.get("horizon")
    expected = case["expected"]
    for order in _orders(case, initial + ops):
        assert materialise(order, horizon) == expected, [o.id for o in order]
        replica = Replica(horizon)
        for o in order:
            replica.apply_one(o)
            replica.snapshot()  # interleaved reads must not disturb the result
        assert replica.snapshot() == expected


def _order(snap: dict[str, Any] | None) -> OrderState | None:
    return None if snap is None else OrderState.of(snap)


def _status_sets() -> dict[str, list[str]]:
    names = ("open", "live", "terminal", "to_ship", "gone")
    return {n: sorted(getattr(rules, n.upper())) for n in names}


# rule name -> how to call it with a case's `args` (orders arrive in snapshot form)
_RULES: dict[str, Any] = {
    "status_sets": lambda a: _status_sets(),
    "is_held": lambda a: rules.is_held(OrderState.of(a["order"])),
    "is_to_ship": lambda a: rules.is_to_ship(OrderState.of(a["order"])),
    "printable": lambda a: rules.printable(OrderState.of(a["order"])),
    "on_documents": lambda a: rules.on_documents(OrderState.of(a["order"])),
    "live_labels": lambda a: rules.live_labels(OrderState.of(a["order"])),
    "label_refusal": lambda a: rules.label_refusal(OrderState.of(a["order"])),
    "address_of": lambda a: rules.address_of(a["fields"]),
    "full_address": lambda a: rules.full_address(a["fields"]),
    "special_text": lambda a: rules.special_text(a["fields"]),
    "is_special": lambda a: rules.is_special(a["fields"]),
    "carrier_key": lambda a: rules.carrier_key(a["fields"]),
    "judge_scan": lambda a: rules.judge_scan(_order(a["order"]), a["tracking"], a["scanned"]),
    "normalise_tracking": lambda a: rules.normalise_tracking(a["raw"]),
    "order_counts": lambda a: rules.order_counts(OrderState.of(x) for x in a["orders"]),
    "next_slot": lambda a: rules.next_slot(a["times"], a["clock"]),
    # picking (sync/picking.py, tests/vectors/picking.json)
    "pick_sequence": lambda a: picking.pick_sequence(a["lines"]),
    "pick_verdict": lambda a: picking.pick_verdict(a["line"], a["qty"], a["confirmed"]),
    "next_order": lambda a: picking.next_order(a["sku"], a["orders"]),
    "in_shortage_basket": lambda a: picking.in_shortage_basket(a["order"]),
    "shortage_basket": lambda a: picking.shortage_basket(a["orders"]),
    "allowance_left": lambda a: picking.allowance_left(a["stock"], a["device"]),
    "spend_verdict": lambda a: picking.spend_verdict(a["stock"], a["device"], a["qty"]),
    "allocate_shortage": lambda a: picking.allocate_shortage(a["sku"], a["qty"], a["orders"]),
    # issue 14 (sync/quality.py)
    "sku_rows": lambda a: quality.sku_rows(a["stock"]),
    "delist": lambda a: quality.delist(a["rows"]),
    "count_differences": lambda a: quality.count_differences(a["stock"]),
    "draw_hash": lambda a: [quality.draw_hash(s, k) for s, k in a["pairs"]],
    "reship_checks": lambda a: quality.reship_checks(a["orders"], a["stock"], a["warehouse"]),
    "combine_rows": lambda a: quality.combine_rows(a["catalogue"], a["stock"]),
    "measure_passes": lambda a: [quality.measure_passes(*m) for m in a["measures"]],
    "defect_source": lambda a: quality.defect_source(a["stock"], a["sku"]),
    "uninspected": lambda a: quality.uninspected(a["stock"], a["since"], a["until"]),
    "spot_check_sample": lambda a: quality.spot_check_sample(a["seed"], a["rows"]),
    "phone_visible": lambda a: privacy.phone_visible(a["roles"]),
    "mask_phone": lambda a: privacy.mask_phone(a["phone"]),
    "partition": lambda a: privacy.partition(a["roles"], a["code"]),
    "masked_payload": lambda a: privacy.masked_payload(a["kind"], a["payload"]),
    # sync/courier.py (issue 13)
    "proof_missing": lambda a: courier.proof_missing(a["policy"], a["proof"]),
    "proof_kept": lambda a: courier.proof_kept(a["policy"], a["proof"]),
    "failed_next": lambda a: courier.failed_next(a["reason"], a["attempts"]),
    "deliver_verdict": lambda a: courier.deliver_verdict(a["status"], a["held"]),
    **SHIPPING_RULES,
}


def _run_rule(case: dict[str, Any]) -> None:
    assert _RULES[case["rule"]](case["args"]) == case["expected"], case["comment"]


def _run_wire(case: dict[str, Any]) -> None:
    """Decode the message as its type, re-encode it: the same JSON value (or `expected`)."""
    kind = MESSAGES[case["message"]]
    raw = json.dumps(case["json"], ensure_ascii=False).encode()
    if case.get("error") == "decode":
        with pytest.raises(msgspec.ValidationError):
            msgspec.json.decode(raw, type=kind)
        return
    again = json.loads(msgspec.json.encode(msgspec.json.decode(raw, type=kind)))
    assert again == case.get("expected", case["json"]), case["comment"]


def test_every_rule_has_vectors() -> None:
    """A rule in the table without a case would pass silently; so would a case's typo."""
    named = {c.values[0]["rule"] for c in _cases() if "rule" in c.values[0]}
    assert named == set(_RULES)


def _run_permissions(case: dict[str, Any]) -> None:
    # Every kind is listed, so a kind added without a permission row fails here.
    assert set(case["permissions"]) == {*KINDS, "x.future_kind"}
    for kind, want in case["permissions"].items():
        assert permissions.scope(case["roles"], kind) == want, (case["roles"], kind)


@pytest.mark.parametrize("case", _cases())
def test_vector(case: dict[str, Any]) -> None:
    if "rule" in case:
        _run_rule(case)
    elif "message" in case:
        _run_wire(case)
    elif "steps" in case:
        _run_hlc(case)
    elif "permissions" in case:
        _run_permissions(case)
    elif "msgpack" in case:
        _run_encoding(case)
    elif case.get("error") == "decode":
        _run_decode_error(case)
    else:
        _run_state(case)


def test_enough_vectors() -> None:
    assert len(_cases()) >= 50
