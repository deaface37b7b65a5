"""Op kinds, their entity type and payload schema (protocol §4).

Schemas are strict so a newer client's extra data is visible as `invalid_op` on an
older replica instead of being silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sync.errors import InvalidOpError
from sync.lattice import ORDER_STATUS
from sync.op import Op

ORDER_STATUSES = ORDER_STATUS.chain  # what status.advance may name (never `cancelled`)
ADVANCE_TARGETS = frozenset(ORDER_STATUSES[1:])
_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")  # used with fullmatch (`$` allows "\n")

Check = Callable[[Any], bool]


def _str(v: Any) -> bool:
    return type(v) is str and v != ""


def _pos(v: Any) -> bool:
    return type(v) is int and v >= 1


def _nonneg(v: Any) -> bool:
    return type(v) is int and v >= 0


def _nonzero(v: Any) -> bool:
    return type(v) is int and v != 0


def _any(v: Any) -> bool:
    return True


def _true(v: Any) -> bool:
    return v is True


_good_names: set[str] = set()


def _name(v: Any) -> bool:
    if type(v) is not str:
        return False
    if v in _good_names:
        return True
    if _NAME.fullmatch(v) is None:
        return False
    if len(_good_names) < 4096:
        _good_names.add(v)
    return True


def _lines(v: Any) -> bool:
    if type(v) is not dict or not v:
        return False
    # a plain loop, not all(genexpr): this runs for every order.create on replay
    for k, q in v.items():  # noqa: SIM110 -- keys are str (decoding guarantees it)
        if not k or type(q) is not int or q < 1:
            return False
    return True


def _items(v: Any) -> bool:
    """Items packed in a parcel: like lines, but may be empty (a parcel stopped unpacked)."""
    return type(v) is dict and (not v or _lines(v))


def _fields(v: Any) -> bool:
    if type(v) is not dict:
        return False
    for k in v:  # noqa: SIM110 -- a plain loop is faster than all(genexpr) here
        if k not in _good_names and not _name(k):
            return False
    return True


def _result(v: Any) -> bool:
    return type(v) is str and v in ("pass", "fail")


def _text(v: Any) -> bool:  # a carrier code: '' is "none set" (rules.carrier_key)
    return type(v) is str and len(v) <= 64


def _slip(v: Any) -> bool:
    return type(v) is str and v in ("in", "promo")


def _method(v: Any) -> bool:
    return type(v) is str and v in ("qr", "count")


def _advance(v: Any) -> bool:
    return type(v) is str and v in ADVANCE_TARGETS  # type first: a list is unhashable


OUTCOMES = frozenset({"re_pick", "reprint", "split", "cancel", "accept"})


def _outcome(v: Any) -> bool:
    return type(v) is str and v in OUTCOMES


# kind -> (etype, required keys, optional keys)
Schema = tuple[str, dict[str, Check], dict[str, Check]]
KINDS: dict[str, Schema] = {
    "order.create": ("order", {"lines": _lines}, {"fields": _fields}),
    "order.set_field": ("order", {"field": _name, "value": _any}, {}),
    "order.set_address": ("order", {"address": _any}, {}),
    "order.hold": ("order", {}, {"reason": _str}),
    "order.release": ("order", {}, {"reason": _str}),
    "order.cancel": ("order", {}, {"reason": _str}),
    "label.print": ("order", {"tracking": _str}, {}),
    "label.void": ("order", {"tracking": _str}, {"reason": _str}),
    "pick.line_picked": ("order", {"sku": _str, "qty": _pos}, {"verified": _true}),
    "status.advance": ("order", {"to": _advance}, {}),
    "parcel.scan_out": (
        "order",
        {"tracking": _str},
        {"qty": _nonneg, "items": _items, "slip": _slip},
    ),
    "delivery.confirm": ("order", {}, {"tracking": _str, "proof": _any}),
    "stock.grant": ("stock", {"device": _str, "qty": _pos}, {}),
    "stock.spend": ("stock", {"qty": _pos}, {"order": _str}),
    "stock.adjust": ("stock", {"delta": _nonzero}, {"reason": _str}),
    "sync.release": ("sync", {}, {}),
    # issue 12, picking (v3): the picker signs for a wave's lists (one op per order of the
    # wave: the handoff record), and reports a shortage (qty 0 clears it)
    "pick.sign": ("order", {"wave": _str}, {"document": _str}),
    "pick.shortage": ("order", {"sku": _str, "qty": _nonneg}, {"note": _str}),
    # issue 14: stock counts (盘点) and inspections (质检); rules in sync/stock_fold.py
    "stock.count": ("stock", {"qty": _nonneg}, {"session": _str}),
    "stock.count_accept": ("stock", {"count": _str}, {}),
    "stock.receive": ("stock", {"qty": _pos, "receipt": _str}, {"supplier": _str}),
    "qc.inspect": (
        "stock",
        {"result": _result},
        {"draw": _str, "receipt": _str, "note": _str, "checks": _any, "photo": _str},
    ),
    # the exception desk (sync/desk_fold.py): the entity id is the exception record's id
    "exception.assign": ("exception", {"to": _str}, {}),
    "exception.note": ("exception", {"text": _str}, {}),
    "exception.notify_cs": ("exception", {}, {"text": _str}),
    "exception.resolve": ("exception", {"outcome": _outcome}, {"text": _str}),
    # v3 shipping (sync/ship_fold.py): crates, freight, batches, the courier's pickup
    "crate.handoff": ("order", {"packer": _str, "due": _pos}, {}),
    "crate.sign": ("order", {}, {}),
    "crate.return": ("order", {}, {}),
    "crate.wait": ("order", {"carrier": _str}, {}),
    "freight.handoff": ("order", {"driver": _str}, {}),
    "batch.ship": ("order", {"batch": _str, "carrier": _text, "count": _pos}, {}),
    "batch.missed": ("order", {"batch": _str, "carrier": _text}, {}),
    "pickup.confirm": (
        "order",
        {"batch": _str, "carrier": _text, "count": _pos, "method": _method},
        {},
    ),
}

EVENT_KINDS = frozenset(
    {"pick.line_picked", "parcel.scan_out", "delivery.confirm", "pick.sign", "pick.shortage"}
)
FORWARD_KINDS = EVENT_KINDS | {"label.print", "status.advance"}
HOLD_BLOCKED = frozenset({"label.print", "parcel.scan_out", "delivery.confirm"})


Problem = tuple[str, str]
_MISSING = object()


_Fast = tuple[str, tuple[tuple[str, Check], ...], frozenset[str], dict[str, Check]]


def _fast(schema: Schema) -> _Fast:
    """The schema shaped for the hot path: required as a tuple, plus its key set."""
    etype, req, opt = schema
    return etype, tuple(req.items()), frozenset(req), opt


_FAST = {kind: _fast(schema) for kind, schema in KINDS.items()}


def problem(op: Op) -> Problem | None:
    """(reason, message) if the op is wrong for its kind, else None. Raises nothing, so the
    replica can validate every op cheaply; the two commonest checks run inline (measured
    faster than a call, and than grouping keys by check)."""
    schema = _FAST.get(op.kind)
    if schema is None:
        return "unknown_kind", op.kind
    etype, required, names, optional = schema
    if op.etype != etype:
        return "wrong_etype", f"{op.kind} needs etype {etype}"
    payload = op.payload
    get = payload.get
    for k, check in required:
        v = get(k, _MISSING)
        if check is _str:
            ok = type(v) is str and v != ""
        elif check is _pos:
            ok = type(v) is int and v >= 1
        else:
            ok = v is not _MISSING and check(v)
        if not ok:
            return "bad_payload", f"{op.kind}: bad or missing {k!r}"
    if len(payload) != len(required):
        for k, v in payload.items():
            opt = optional.get(k)
            if opt is None:
                if k in names:
                    continue
                return "bad_payload", f"{op.kind}: unexpected {k!r}"
            ok = (type(v) is str and v != "") if opt is _str else opt(v)
            if not ok:
                return "bad_payload", f"{op.kind}: bad {k!r}"
    return None


def validate(op: Op) -> None:
    """Raise InvalidOpError(reason) if the op is wrong for its kind."""
    found = problem(op)
    if found is not None:
        raise InvalidOpError(*found)
