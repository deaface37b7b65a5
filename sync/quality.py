"""Quality and stock rules read by the QC, count, pick and office screens (issue 14).

Stock entity ids are `WAREHOUSE:SKU` (the SKU's own entity: escrow, inspections and the
spot-check mark) or `WAREHOUSE:SKU@LOCATION` (stock at one location: put-away, counts,
relocation). Location `DEFECT` is the defect area (次品区): stock there is not available.

The spot-check draw is a pure function of a seed and the SKU rows, so every device that
has the same ops draws the same sample; the seed (warehouse and day, plus a round) is
written on each inspection op (`draw`), which records which draw asked for it. The hash
is FNV-1a over UTF-8 with murmur3's finaliser: cheap and synchronous in both languages
(WebCrypto's digest is async), and ties are broken by the SKU, so the order is total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from sync.rules import OPEN

DEFECT_AREA = "DEFECT"
_M32 = 0xFFFFFFFF


class SkuRow(TypedDict):
    """One SKU as the draw and the delisting rule see it."""

    sku: str  # WAREHOUSE:SKU
    available: int  # on hand outside the defect area, summed over locations
    shipped: int  # units taken out (escrow spends), summed over the SKU's entities
    marked: bool  # the spot-check mark (抽检标志)


def split_stock(eid: str) -> tuple[str, str | None]:
    """(`WAREHOUSE:SKU`, location or None) of a stock entity id."""
    sku, at, loc = eid.partition("@")
    return sku, (loc if at else None)


def spot_mark(entity: Mapping[str, Any] | None) -> bool:
    """Does this SKU carry the spot-check mark? (Its last inspection passed.)"""
    qc = None if entity is None else entity.get("qc")
    return bool(qc and qc.get("mark"))


def sku_rows(stock: Mapping[str, Mapping[str, Any]]) -> list[SkuRow]:
    """Per-SKU totals of a stock snapshot, sorted by SKU."""
    rows: dict[str, SkuRow] = {}
    for eid, ent in stock.items():
        sku, loc = split_stock(eid)
        row = rows.get(sku)
        if row is None:
            row = rows[sku] = {"sku": sku, "available": 0, "shipped": 0, "marked": False}
        if loc != DEFECT_AREA:
            row["available"] += ent["on_hand"]
        row["shipped"] += sum(ent["spent"].values())
        if loc is None and spot_mark(ent):
            row["marked"] = True
    return [rows[k] for k in sorted(rows)]


def combine_rows(
    catalogue: Iterable[SkuRow], stock: Mapping[str, Mapping[str, Any]]
) -> list[SkuRow]:
    """The server's catalogue rows (stock table, shipped orders, the catalogue's mark) plus
    what the ops say: available adds up, shipped is the larger figure (an order's units and
    its stock spends are the same goods), and an inspection in the ops decides the mark."""
    out: dict[str, SkuRow] = {r["sku"]: {**r} for r in catalogue}
    for r in sku_rows(stock):
        have = out.get(r["sku"])
        if have is None:
            out[r["sku"]] = r
        else:
            have["available"] += r["available"]
            have["shipped"] = max(have["shipped"], r["shipped"])
    for sku, row in out.items():
        ent = stock.get(sku)
        if ent is not None and "qc" in ent:
            row["marked"] = spot_mark(ent)
    return [out[k] for k in sorted(out)]


def draw_hash(seed: str, sku: str) -> int:
    h = 0x811C9DC5
    for b in f"{seed}\x1f{sku}".encode():
        h = ((h ^ b) * 0x01000193) & _M32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _M32
    return h ^ (h >> 16)


def spot_check_sample(seed: str, rows: Iterable[SkuRow]) -> list[str]:
    """The 50% spot check: half of the SKUs on the shelf (rounded up), chosen by the
    seeded hash, plus every SKU shipped without the mark; sorted by SKU."""
    shelf: list[tuple[int, str]] = []
    picked: set[str] = set()
    for r in rows:
        if r["shipped"] > 0 and not r["marked"]:
            picked.add(r["sku"])
        if r["available"] > 0:
            shelf.append((draw_hash(seed, r["sku"]), r["sku"]))
    shelf.sort()
    picked.update(sku for _, sku in shelf[: (len(shelf) + 1) // 2])
    return sorted(picked)


def delist(rows: Iterable[SkuRow]) -> list[str]:
    """SKUs to delist (缺货产品及时下架): nothing available outside the defect area."""
    return [r["sku"] for r in rows if r["available"] <= 0]


def uninspected(stock: Mapping[str, Mapping[str, Any]], since: int, until: int) -> list[str]:
    """Today's uninspected list (入库产品未检列表): SKUs received in [since, until) (the day
    up to 18:00) with no inspection of the SKU since that receipt, sorted."""
    last: dict[str, int] = {}
    for eid, ent in stock.items():
        rec = ent.get("received")
        if rec is not None and since <= rec["at"] < until:
            sku = split_stock(eid)[0]
            last[sku] = max(last.get(sku, 0), rec["at"])
    out = []
    for sku, at in last.items():
        qc = stock.get(sku, {}).get("qc")
        if qc is None or qc["at"] < at:
            out.append(sku)
    return sorted(out)


def measure_passes(value: float, target: float, tolerance: float) -> bool:
    """An inspection measure passes within target ± tolerance (bounds included)."""
    return abs(value - target) <= abs(tolerance)


def defect_source(stock: Mapping[str, Mapping[str, Any]], sku: str) -> str | None:
    """The location entity a failed unit of `sku` is moved from (移仓): the one holding most
    (ties: the first id), never the defect area; None if no location holds any."""
    best: tuple[int, str] | None = None
    for eid, ent in stock.items():
        base, loc = split_stock(eid)
        if base != sku or loc is None or loc == DEFECT_AREA or ent["on_hand"] <= 0:
            continue
        if best is None or (-ent["on_hand"], eid) < best:
            best = (-ent["on_hand"], eid)
    return None if best is None else best[1]


def count_differences(stock: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The book-vs-physical list (帐实相符) a manager accepts: every open count with a
    difference, by entity then count time."""
    out: list[dict[str, Any]] = []
    for eid in sorted(stock):
        for c in stock[eid].get("counts", ()):
            if c["status"] == "open":
                out.append({"eid": eid, **c})
    return out


def inspection_report(
    inspections: Iterable[Mapping[str, Any]], since: int, until: int, receipt: str | None = None
) -> dict[str, Any]:
    """The inspection report (检验报告) of a day [since, until), or of one receipt: every
    inspection (op as a JSON object) in the window, by time then op id, with the tallies."""
    rows = []
    for op in inspections:
        p = op["payload"]
        if not since <= op["wall"] < until or (receipt is not None and p.get("receipt") != receipt):
            continue
        rows.append(
            {
                "op": f"{op['device']}:{op['seq']}",
                "at": op["wall"],
                "sku": op["eid"],
                "result": p["result"],
                "by": op["actor"],
                "note": p.get("note", ""),
                "receipt": p.get("receipt", ""),
                "draw": p.get("draw", ""),
            }
        )
    rows.sort(key=lambda r: (r["at"], r["op"]))
    passed = sum(1 for r in rows if r["result"] == "pass")
    return {"total": len(rows), "passed": passed, "failed": len(rows) - passed, "rows": rows}


def reship_checks(
    orders: Mapping[str, Mapping[str, Any]], stock: Mapping[str, Mapping[str, Any]], warehouse: str
) -> list[str]:
    """Re-shipped parts (补发配件) are inspected before they go out: the SKUs of open orders
    flagged `reship` (an order field customer service sets) that carry no spot-check mark
    from an inspection op (the catalogue's old flag does not count for a re-shipment)."""
    out: set[str] = set()
    for o in orders.values():
        if o.get("status") in OPEN and o.get("fields", {}).get("reship") and o.get("lines"):
            for sku in o["lines"]:
                key = f"{warehouse}:{sku}"
                if not spot_mark(stock.get(key)):
                    out.add(key)
    return sorted(out)
