"""Op kinds, their entity type and payload schema (protocol §4).

Schemas are strict so a newer client's extra data is visible as `invalid_op` on an
older replica instead of being silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sync.errors import InvalidOpError
from sync.op import Op

ORDER_STATUSES = ("created", "printed", "picked", "packed", "shipped", "delivered")
ADVANCE_TARGETS = frozenset(ORDER_STATUSES[1:])
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")

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


_good_names: set[str] = set()


def _name(v: Any) -> bool:
    if type(v) is not str:
        return False
    if v in _good_names:
        return True
    if _NAME.match(v) is None:
        return False
    if len(_good_names) < 4096:
        _good_names.add(v)
    return True


def _lines(v: Any) -> bool:
    return type(v) is dict and len(v) > 0 and all(_str(k) and _pos(q) for k, q in v.items())


def _fields(v: Any) -> bool:
    return type(v) is dict and all(_name(k) for k in v)


def _advance(v: Any) -> bool:
    return v in ADVANCE_TARGETS and type(v) is str


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
    "pick.line_picked": ("order", {"sku": _str, "qty": _pos}, {}),
    "status.advance": ("order", {"to": _advance}, {}),
    "parcel.scan_out": ("order", {"tracking": _str}, {"qty": _nonneg}),
    "delivery.confirm": ("order", {}, {"tracking": _str, "proof": _any}),
    "stock.grant": ("stock", {"device": _str, "qty": _pos}, {}),
    "stock.spend": ("stock", {"qty": _pos}, {"order": _str}),
    "stock.adjust": ("stock", {"delta": _nonzero}, {"reason": _str}),
    "sync.release": ("sync", {}, {}),
}

EVENT_KINDS = frozenset({"pick.line_picked", "parcel.scan_out", "delivery.confirm"})
FORWARD_KINDS = EVENT_KINDS | {"label.print", "status.advance"}
HOLD_BLOCKED = frozenset({"label.print", "parcel.scan_out", "delivery.confirm"})


def validate(op: Op) -> None:
    """Raise InvalidOpError(reason) if the op is wrong for its kind."""
    schema = KINDS.get(op.kind)
    if schema is None:
        raise InvalidOpError("unknown_kind", op.kind)
    etype, required, optional = schema
    if op.etype != etype:
        raise InvalidOpError("wrong_etype", f"{op.kind} needs etype {etype}")
    payload = op.payload
    for k, check in required.items():
        if k not in payload or not check(payload[k]):
            raise InvalidOpError("bad_payload", f"{op.kind}: bad or missing {k!r}")
    for k, v in payload.items():
        if k in required:
            continue
        opt = optional.get(k)
        if opt is None or not opt(v):
            raise InvalidOpError("bad_payload", f"{op.kind}: unexpected or bad {k!r}")
