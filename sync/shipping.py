"""Shipping rules (scan-out with items, crates, freight, batches, reconciliation), once.

The order fold (sync/ship_fold.py), the scan, crate and ship screens (their twin is
pwa/src/sync/shipping.ts) and the server all call these; tests/vectors/shipping.json pins
each for both languages. Orders are read in snapshot form: `status`, `hold`, `fields`,
`labels`, `lines` and, once a v3 shipping op touched the order, `ship` (see ship_fold).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from sync import rules

# -- scan-out with items ---------------------------------------------------------------
ItemVerdict = Literal["ok", "wrong_item", "quantity"]


def item_verdict(lines: Mapping[str, int] | None, items: Mapping[str, int]) -> ItemVerdict:
    """What the items packed in a parcel mean against the order's lines: a product the
    order does not have is `wrong_item` (it stops the parcel first, whatever the counts);
    any other difference, short or over, is `quantity`. Never forced: only `ok` ships."""
    want = lines or {}
    if any(sku not in want for sku in items):
        return "wrong_item"
    if any(items.get(sku, 0) != q for sku, q in want.items()):
        return "quantity"
    return "ok"


Progress = Literal["wrong_item", "over", "complete", "open"]


def item_progress(lines: Mapping[str, int] | None, items: Mapping[str, int]) -> dict[str, Any]:
    """The handheld's live state while items are scanned: `state` is `wrong_item` or
    `over` the moment the parcel must stop, `complete` when every line is matched, else
    `open`; `missing` lists what is still to scan (sku -> count), sorted by sku."""
    want = lines or {}
    missing = {s: want[s] - items.get(s, 0) for s in sorted(want) if items.get(s, 0) < want[s]}
    if any(sku not in want for sku in items):
        state: Progress = "wrong_item"
    elif any(q > want[s] for s, q in items.items()):
        state = "over"
    elif not missing:
        state = "complete"
    else:
        state = "open"
    return {"state": state, "missing": missing}


def match_item(lines: Mapping[str, int] | None, code: str) -> str:
    """The SKU a scanned product barcode names: the line whose code matches once
    normalised (scanners add spaces and case), else the normalised code itself (a product
    the order does not have, which item_verdict calls `wrong_item`)."""
    norm = rules.normalise_tracking(code)
    for sku in sorted(lines or {}):
        if rules.normalise_tracking(sku) == norm:
            return sku
    return norm


def slip_step(promotion: bool) -> Literal["in", "promo"]:
    """The packing slip goes into the parcel, except in promotion periods (a manager's
    warehouse setting): the scan records which, so the step is always accounted for."""
    return "promo" if promotion else "in"


# -- crates ----------------------------------------------------------------------------
CRATE_SLOTS = ("09:30", "14:30", "16:30")
"""Default 木箱 handoff times; a warehouse may set its own (the server sends them)."""

_DAY = 86_400_000
_MIN = 60_000


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def crate_due(slots: Sequence[str], handed_ms: int, offset_min: int) -> int:
    """When a crate handed over at `handed_ms` must be back: the warehouse's next handoff
    slot strictly after the handoff (its local time, UTC offset `offset_min`); after the
    day's last slot, the first slot of the next day. No slots: 24 hours later."""
    if not slots:
        return handed_ms + _DAY
    local = handed_ms + offset_min * _MIN
    day0 = local - local % _DAY
    now_min = (local - day0) // _MIN
    mins = sorted(_minutes(s) for s in slots)
    nxt = next((m for m in mins if m > now_min), None)
    due_local = day0 + nxt * _MIN if nxt is not None else day0 + _DAY + mins[0] * _MIN
    return due_local - offset_min * _MIN


CrateState = Literal["none", "handed", "signed", "returned", "overdue"]


def crate_state(ship: Mapping[str, Any] | None, now_ms: int) -> CrateState:
    """Where an order's crate is: back (`returned`), late (`overdue`: handed over, not
    back by its due time), signed for by the packer, handed over unsigned, or `none`."""
    crate = (ship or {}).get("crate") or {}
    hand = crate.get("handoff")
    if hand is None:
        return "none"
    if crate.get("returned") is not None:
        return "returned"
    if now_ms > hand["due"]:
        return "overdue"
    return "signed" if crate.get("signed") is not None else "handed"


def courier_waiting(ship: Mapping[str, Any] | None) -> bool:
    """A carrier's courier arrived while the crate was not back: flagged until it is."""
    s = ship or {}
    crate = s.get("crate") or {}
    return s.get("waiting") is not None and crate.get("returned") is None


def waiting_on(orders: Iterable[Mapping[str, Any]], carrier: str) -> list[str]:
    """The crate orders of `carrier` to flag "courier waiting" when its courier arrives:
    open, needing a crate, crate not back, not flagged yet. Sorted eids."""
    out = []
    for o in orders:
        ship = o.get("ship") or {}
        fields = o.get("fields") or {}
        if (
            o.get("status") in rules.OPEN
            and rules.needs_crate(fields)
            and rules.carrier_key(fields) == carrier
            and (ship.get("crate") or {}).get("returned") is None
            and ship.get("waiting") is None
        ):
            out.append(str(o["eid"]))
    return sorted(out)


FREIGHT_CARRIER = "托运部"


def is_freight(fields: Mapping[str, Any]) -> bool:
    """Goes by a freight depot (托运部): handed to the freight driver, not a courier."""
    return fields.get("freight") is True or rules.carrier_key(fields) == FREIGHT_CARRIER


# -- batch shipping --------------------------------------------------------------------
def _scanned(o: Mapping[str, Any]) -> bool:
    return bool((o.get("ship") or {}).get("scanned") or {}) or o.get("status") in rules.GONE


def batch_parcels(orders: Iterable[Mapping[str, Any]], carrier: str) -> dict[str, list[str]]:
    """A carrier's batch as the shipper sees it: `scanned` (scanned out, in no batch yet:
    what the batch hands over) and `missing` (labelled and waiting to leave but not
    scanned out: these fail to ship when the batch is confirmed). Sorted eids."""
    scanned, missing = [], []
    for o in orders:
        fields = o.get("fields") or {}
        if rules.carrier_key(fields) != carrier or o.get("status") == "cancelled":
            continue
        ship = o.get("ship") or {}
        if ship.get("batch") is not None:
            continue
        if _scanned(o):
            scanned.append(str(o["eid"]))
        elif rules.is_to_ship(rules.OrderState.of(o)) and rules.live_labels(rules.OrderState.of(o)):
            missing.append(str(o["eid"]))
    return {"scanned": sorted(scanned), "missing": sorted(missing)}


def batch_check(scanned: int, counted: int) -> Literal["ok", "mismatch", "empty"]:
    """A batch is confirmed only when the parcels counted equal the parcels scanned."""
    if scanned == 0:
        return "empty"
    return "ok" if scanned == counted else "mismatch"


MANIFEST_PREFIX = "PLM1"


def manifest_text(batch: str, carrier: str, eids: Sequence[str]) -> str:
    """The manifest QR the courier scans: version, batch, carrier, count, order ids."""
    return "|".join((MANIFEST_PREFIX, batch, carrier, str(len(eids)), ",".join(eids)))


def parse_manifest(text: str) -> dict[str, Any] | None:
    """A manifest QR read back; None if it is not one or its count does not match."""
    parts = text.strip().split("|")
    if len(parts) != 5 or parts[0] != MANIFEST_PREFIX or not parts[1] or not parts[3].isdigit():
        return None
    eids = [e for e in parts[4].split(",") if e]
    if len(eids) != int(parts[3]):
        return None
    return {"batch": parts[1], "carrier": parts[2], "count": len(eids), "eids": eids}


# -- the day's 发货包裹数 -----------------------------------------------------------------
RECON_STEPS = ("printed", "scanned", "handed", "confirmed")


def _in(fact: Mapping[str, Any] | None, start: int, end: int) -> bool:
    return fact is not None and start <= int(fact["wall"]) < end


def day_range(now_ms: int, offset_min: int) -> tuple[int, int]:
    """The warehouse's local day holding `now_ms` as [start, end) in epoch ms."""
    off = offset_min * _MIN
    start = (now_ms + off) // _DAY * _DAY - off
    return start, start + _DAY


def reconcile(orders: Iterable[Mapping[str, Any]], start: int, end: int) -> list[dict[str, Any]]:
    """Per carrier, the day's parcels at each step: `printed` (a live label, still to ship
    or left that day), `scanned` (scanned out that day), `handed` (in a batch handed over
    that day), `confirmed` (the courier confirmed pickup). `gaps` names the exact orders
    between two steps (printed not scanned, scanned not handed, handed not confirmed).
    Cancelled orders are not parcels. Carriers sorted; eids sorted."""
    per: dict[str, dict[str, list[str]]] = {}
    for o in orders:
        if o.get("status") == "cancelled":
            continue
        ship = o.get("ship") or {}
        scans = list((ship.get("scanned") or {}).values())
        scanned = any(_in(s, start, end) for s in scans)
        handed = _in(ship.get("batch"), start, end)
        confirmed = handed and ship.get("pickup") is not None
        waiting = o.get("status") in rules.TO_SHIP and not scans
        labelled = bool(rules.live_labels(rules.OrderState.of(o)))
        printed = labelled and (waiting or scanned or handed)
        if not (printed or scanned or handed):
            continue
        c = rules.carrier_key(o.get("fields") or {})
        row = per.setdefault(c, {k: [] for k in RECON_STEPS})
        eid = str(o["eid"])
        for k, v in zip(RECON_STEPS, (printed, scanned, handed, confirmed), strict=True):
            if v:
                row[k].append(eid)
    out = []
    for c in sorted(per):
        row = per[c]
        sets = {k: set(row[k]) for k in RECON_STEPS}
        gaps = {
            "not_scanned": sorted(sets["printed"] - sets["scanned"]),
            "not_handed": sorted(sets["scanned"] - sets["handed"]),
            "not_confirmed": sorted(sets["handed"] - sets["confirmed"]),
        }
        out.append({"carrier": c, **{k: len(row[k]) for k in RECON_STEPS}, "gaps": gaps})
    return out
