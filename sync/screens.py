"""Quick per-kind payload screens for the replica's hot loop.

The KINDS table of sync/kinds.py written out kind by kind (keep the two in step): a
screen returns True only for a valid payload; False sends the op to `problem`, whose
generic walk decides. So a screen that is too strict costs time, never correctness. One
call with the checks inline costs about half the generic walk, and every op of a replay
passes through here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sync.kinds import ADVANCE_TARGETS, KINDS, OUTCOMES, _fields, _lines, _name
from sync.ship_fold import SHIP_KINDS

Screen = Callable[[dict[str, Any]], bool]


def _s_reason(p: dict[str, Any]) -> bool:  # hold, release, cancel: {reason?: str}
    return not p or (len(p) == 1 and type(r := p.get("reason")) is str and r != "")


def _s_create(p: dict[str, Any]) -> bool:
    n = len(p)
    return (
        (n == 1 or (n == 2 and "fields" in p and _fields(p["fields"])))
        and "lines" in p
        and _lines(p["lines"])
    )


def _s_set_field(p: dict[str, Any]) -> bool:
    return len(p) == 2 and "value" in p and _name(p.get("field"))


def _s_set_address(p: dict[str, Any]) -> bool:
    return len(p) == 1 and "address" in p


def _s_print(p: dict[str, Any]) -> bool:
    return len(p) == 1 and type(t := p.get("tracking")) is str and t != ""


def _s_void(p: dict[str, Any]) -> bool:
    n = len(p)
    return (
        (n == 1 or (n == 2 and type(r := p.get("reason")) is str and r != ""))
        and type(t := p.get("tracking")) is str
        and t != ""
    )


def _name_and_qty(key: str) -> Screen:
    """Screen for a payload of exactly {key: non-empty str, qty: int >= 1}."""

    def screen(p: dict[str, Any]) -> bool:
        return (
            len(p) == 2
            and type(s := p.get(key)) is str
            and s != ""
            and type(q := p.get("qty")) is int
            and q >= 1
        )

    return screen


_s_pick = _name_and_qty("sku")  # pick.line_picked
_s_grant = _name_and_qty("device")  # stock.grant


def _s_advance(p: dict[str, Any]) -> bool:
    return len(p) == 1 and type(t := p.get("to")) is str and t in ADVANCE_TARGETS


def _s_scan(p: dict[str, Any]) -> bool:
    n = len(p)
    return (
        (n == 1 or (n == 2 and type(q := p.get("qty")) is int and q >= 0))
        and type(t := p.get("tracking")) is str
        and t != ""
    )


def _s_deliver(p: dict[str, Any]) -> bool:
    n = len(p)
    if "tracking" in p:
        t = p["tracking"]
        if type(t) is not str or t == "":
            return False
        n -= 1
    return n == 0 or (n == 1 and "proof" in p)


def _s_spend(p: dict[str, Any]) -> bool:
    n = len(p)
    return (
        (n == 1 or (n == 2 and type(o := p.get("order")) is str and o != ""))
        and type(q := p.get("qty")) is int
        and q >= 1
    )


def _s_adjust(p: dict[str, Any]) -> bool:
    n = len(p)
    return (
        (n == 1 or (n == 2 and type(r := p.get("reason")) is str and r != ""))
        and type(d := p.get("delta")) is int
        and d != 0
    )


def _s_release(p: dict[str, Any]) -> bool:
    return not p


def _s_sign(p: dict[str, Any]) -> bool:
    n = len(p)
    return (
        (n == 1 or (n == 2 and type(d := p.get("document")) is str and d != ""))
        and type(w := p.get("wave")) is str
        and w != ""
    )


def _s_shortage(p: dict[str, Any]) -> bool:
    n = len(p)
    return (
        (n == 2 or (n == 3 and type(m := p.get("note")) is str and m != ""))
        and type(s := p.get("sku")) is str
        and s != ""
        and type(q := p.get("qty")) is int
        and q >= 0
    )


def _s_count(p: dict[str, Any]) -> bool:
    n = len(p)
    return (
        (n == 1 or (n == 2 and type(s := p.get("session")) is str and s != ""))
        and type(q := p.get("qty")) is int
        and q >= 0
    )


def _s_receive(p: dict[str, Any]) -> bool:
    n = len(p)
    return (
        (n == 2 or (n == 3 and type(s := p.get("supplier")) is str and s != ""))
        and type(r := p.get("receipt")) is str
        and r != ""
        and type(q := p.get("qty")) is int
        and q >= 1
    )


def _s_count_accept(p: dict[str, Any]) -> bool:
    return len(p) == 1 and type(c := p.get("count")) is str and c != ""


_INSPECT_TEXT = ("draw", "receipt", "note", "photo")


def _s_inspect(p: dict[str, Any]) -> bool:
    if p.get("result") not in ("pass", "fail"):
        return False
    n = 1 + ("checks" in p)
    for k in _INSPECT_TEXT:
        if k in p:
            if type(v := p[k]) is not str or v == "":
                return False
            n += 1
    return n == len(p)


def _text(v: Any) -> bool:
    return type(v) is str and v != ""


def _s_assign(p: dict[str, Any]) -> bool:
    return len(p) == 1 and _text(p.get("to"))


def _s_note(p: dict[str, Any]) -> bool:
    return len(p) == 1 and _text(p.get("text"))


def _s_notify(p: dict[str, Any]) -> bool:
    return not p or (len(p) == 1 and _text(p.get("text")))


def _s_resolve(p: dict[str, Any]) -> bool:
    n = len(p)
    return (
        (n == 1 or (n == 2 and _text(p.get("text"))))
        and type(o := p.get("outcome")) is str
        and o in OUTCOMES
    )


_SCREENS: dict[str, Screen] = {
    "order.create": _s_create,
    "order.set_field": _s_set_field,
    "order.set_address": _s_set_address,
    "order.hold": _s_reason,
    "order.release": _s_reason,
    "order.cancel": _s_reason,
    "label.print": _s_print,
    "label.void": _s_void,
    "pick.line_picked": _s_pick,
    "status.advance": _s_advance,
    "parcel.scan_out": _s_scan,
    "delivery.confirm": _s_deliver,
    "stock.grant": _s_grant,
    "stock.spend": _s_spend,
    "stock.adjust": _s_adjust,
    "sync.release": _s_release,
    "pick.sign": _s_sign,
    "pick.shortage": _s_shortage,
    "stock.count": _s_count,
    "stock.count_accept": _s_count_accept,
    "qc.inspect": _s_inspect,
    "stock.receive": _s_receive,
    "exception.assign": _s_assign,
    "exception.note": _s_note,
    "exception.notify_cs": _s_notify,
    "exception.resolve": _s_resolve,
}


def _by_schema(kind: str) -> Screen:
    """The v3 shipping kinds are rare next to scans and picks: their screen is the
    schema itself (required keys checked, nothing else allowed)."""
    _etype, req, opt = KINDS[kind]

    def screen(p: dict[str, Any]) -> bool:
        return all(k in p and c(p[k]) for k, c in req.items()) and all(
            k in req or (k in opt and opt[k](v)) for k, v in p.items()
        )

    return screen


for _kind in SHIP_KINDS:
    _SCREENS[_kind] = _by_schema(_kind)

SCREENS: dict[str, tuple[str, Screen]] = {
    kind: (KINDS[kind][0], screen) for kind, screen in _SCREENS.items()
}
"""kind -> (etype, screen): what the replica's hot loop looks up once per op."""
