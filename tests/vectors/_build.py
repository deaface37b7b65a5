"""Writes the *.json vector files. Every `expected` below is written by hand from the
rules in docs/sync-protocol.md (the comment says why); this script only spares typing
(op envelopes, fact lists, exception ids). Run: uv run python tests/vectors/_build.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

T = 1_700_000_000_000  # 2023-11-14T22:13:20Z
HERE = Path(__file__).parent
ETYPE = {"stock": "stock", "sync": "sync"}


def op(
    dev: str,
    seq: int,
    dt: int,
    kind: str,
    eid: str,
    payload: dict[str, Any] | None = None,
    ctr: int = 0,
    actor: str | None = None,
    etype: str | None = None,
) -> dict[str, Any]:
    """dt = milliseconds after T."""
    return {
        "device": dev,
        "seq": seq,
        "wall": T + dt,
        "ctr": ctr,
        "actor": actor or f"u-{dev.lower()}",
        "kind": kind,
        "etype": etype or ETYPE.get(kind.split(".")[0], "order"),
        "eid": eid,
        "payload": payload or {},
    }


def oid(o: dict[str, Any]) -> str:
    return f"{o['device']}:{o['seq']}"


def exc(
    kind: str,
    ops: list[dict[str, Any]],
    detail: dict[str, Any] | None = None,
    ident: str | None = None,
) -> dict[str, Any]:
    last = ops[-1]
    return {
        "id": ident or kind + ":" + "|".join(oid(o) for o in ops),
        "kind": kind,
        "etype": last["etype"],
        "eid": last["eid"],
        "facts": [
            {
                "op": oid(o),
                "kind": o["kind"],
                "device": o["device"],
                "actor": o["actor"],
                "wall": o["wall"],
            }
            for o in ops
        ],
        "detail": detail or {},
    }


def order(
    status: str = "created",
    hold: bool = False,
    lines: dict[str, int] | None = None,
    fields: dict[str, Any] | None = None,
    labels: dict[str, str] | None = None,
    picked: dict[str, int] | None = None,
    events: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "status": status,
        "hold": hold,
        "lines": lines,
        "fields": fields or {},
        "labels": labels or {},
        "picked": picked or {},
        "events": [oid(e) for e in events or []],
    }


def stock(on_hand: int, granted: dict[str, int], spent: dict[str, int]) -> dict[str, Any]:
    return {"on_hand": on_hand, "granted": granted, "spent": spent}


def snap(
    orders: dict[str, Any] | None = None,
    stocks: dict[str, Any] | None = None,
    excs: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "orders": orders or {},
        "stock": stocks or {},
        "exceptions": sorted(excs or [], key=lambda e: e["id"]),
    }


def case(
    comment: str,
    ops: list[dict[str, Any]],
    expected: dict[str, Any],
    *,
    perm: bool = True,
    horizon: int | None = None,
    initial: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    c: dict[str, Any] = {"comment": comment, "initial": initial, "ops": ops}
    if horizon is not None:
        c["horizon"] = horizon
    if perm:
        c["permutations"] = True
    c["expected"] = expected
    return c


def write(name: str, cases: list[dict[str, Any]]) -> None:
    text = json.dumps(cases, ensure_ascii=False, indent=1)
    (HERE / f"{name}.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    import _cases_encoding
    import _cases_hlc
    import _cases_picking
    import _cases_rules
    import _cases_shipping
    import _cases_state
    import _cases_wire

    write("encoding", _cases_encoding.cases())
    write("hlc", _cases_hlc.cases())
    write("rules", _cases_rules.cases())
    write("shipping", _cases_shipping.cases())
    write("wire", _cases_wire.cases())
    write("picking", _cases_picking.cases())
    for name, cs in _cases_state.files().items():
        write(name, cs)

    import _cases_count

    write("stock_count", _cases_count.state_cases() + _cases_count.rule_cases())
    import _cases_privacy

    write("privacy", _cases_privacy.cases())

    import _cases_desk

    write("desk", _cases_desk.cases())
