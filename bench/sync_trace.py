"""A deterministic synthetic warehouse day as a sync op trace, for the replay benchmarks.

About 20,000 orders and 260,000 ops, in the order a server would receive them: orders
imported by the ERP, waves printed at 08:00/12:00/16:00, address changes with voided and
reprinted labels, holds and releases, cancels, picks spending escrowed stock, scan-outs
(with the odd duplicate, voided-label scan and quantity mismatch), couriers who sync their
deliveries hours later, and one handheld whose clock is two days ahead.

Each op is stamped by its device's real hybrid clock (`sync.Clock`), so the trace obeys
the protocol. The file is canonical JSON, one op per line, written once to
artifacts/bench/sync_trace.jsonl (plus a .meta.json with the horizon and a checksum) and
reused while TRACE_VERSION and the seed are unchanged.

Usage: uv run python bench/sync_trace.py [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync import MAX_DRIFT_MS, Clock, Op, encode_json  # noqa: E402

TRACE_VERSION = 2
SEED = 20240603
ORDERS = 20_000
OUT = ROOT / "artifacts" / "bench" / "sync_trace.jsonl"
META = OUT.with_suffix(".meta.json")

HOUR = 3_600_000
MIN = 60_000
DAY0 = 1_717_344_000_000  # 2024-06-03 00:00 Asia/Shanghai, in ms since the epoch
WAVES = (8 * HOUR, 12 * HOUR, 16 * HOUR)
REPLAY_AT = DAY0 + 30 * HOUR  # the replaying server's clock: 06:00 the next morning
HORIZON = REPLAY_AT + MAX_DRIFT_MS

SKUS = 3_000
PICKERS = [f"PDA-{i:02d}" for i in range(1, 25)]
PRINTERS = ["PRN-1", "PRN-2", "PRN-3"]
CS_DESKS = ["CS-1", "CS-2", "CS-3", "CS-4"]
COURIERS = [f"CR-{i:02d}" for i in range(1, 41)]
SKEWED = "PDA-99"  # its clock runs two days ahead
CARRIERS = ["SF", "ZTO", "YTO", "STO", "JD", "EMS"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
CITIES = ["杭州市西湖区", "深圳市南山区", "苏州市工业园区", "北京市朝阳区", "上海市浦东新区"]


@dataclass(order=True)
class Event:
    """An op before its device stamps it: physical time, then a tiebreak for determinism."""

    t: int
    n: int
    device: str = field(compare=False)
    kind: str = field(compare=False)
    eid: str = field(compare=False)
    payload: dict[str, Any] = field(compare=False)
    delay: int = field(compare=False, default=0)  # ms between the action and its upload


class Day:
    """Builds the day's events; `ops()` stamps them and returns them in arrival order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.events: list[Event] = []
        self.allowance: dict[tuple[str, str], int] = {}
        self.tracking = 0

    def add(self, t: int, device: str, kind: str, eid: str, payload: dict[str, Any]) -> Event:
        ev = Event(t, len(self.events), device, kind, eid, payload)
        self.events.append(ev)
        return ev

    def new_tracking(self, carrier: str) -> str:
        self.tracking += 1
        return f"{carrier}{7_300_000_000 + self.tracking * 7919 % 99_991 * 100_000 + self.tracking}"

    def stock_day(self) -> None:
        for s in range(SKUS):
            qty = self.rng.randint(200, 900)
            self.add(DAY0 + 7 * HOUR + s * 10, "SRV", "stock.adjust", _bin(s), {"delta": qty})

    def grants(self) -> None:
        """Top up each picker's allowance (in time order) just before a spend needs it."""
        spends = sorted(e for e in self.events if e.kind == "stock.spend")
        for ev in spends:
            key = (ev.device, ev.eid)
            qty = ev.payload["qty"]
            left = self.allowance.get(key, 0)
            if left < qty and self.rng.random() > 0.003:  # 0.3%: picked past its allowance
                grant = max(qty, self.rng.choice((10, 20, 30)))
                self.add(
                    ev.t - 2_000, "SRV", "stock.grant", ev.eid, {"device": ev.device, "qty": grant}
                )
                left += grant
            self.allowance[key] = left - qty

    def order(self, i: int) -> None:
        r = self.rng
        eid = f"O-{i:06d}"
        t = DAY0 + 7 * HOUR + r.randrange(9 * HOUR)  # received 07:00-16:00
        carrier = r.choice(CARRIERS)
        nlines = r.choices((1, 2, 3, 4, 5), (20, 24, 26, 17, 13))[0]
        skus = r.sample(range(SKUS), nlines)
        lines = {f"69{s:011d}": r.choices((1, 2, 3), (70, 20, 10))[0] for s in skus}
        name = r.choice(SURNAMES) + r.choice(GIVEN) + r.choice(GIVEN)
        fields = {
            "platform": r.choice(("tmall", "jd", "pdd", "douyin")),
            "platform_order_no": f"P{r.randrange(10**12):012d}",
            "recipient": name,
            "phone": f"1{r.randrange(30, 99)}****{r.randrange(10_000):04d}",
            "address": f"{r.choice(CITIES)}文三路{r.randrange(1, 300)}号{r.randrange(1, 30)}幢",
            "carrier": carrier,
        }
        self.add(t, "ERP-1", "order.create", eid, {"lines": lines, "fields": fields})
        cs = r.choice(CS_DESKS)
        wave = next(w for w in WAVES if DAY0 + w >= t)
        printed = DAY0 + wave + r.randrange(90 * MIN)
        if r.random() < 0.05:  # address corrected before printing
            self.add(t + r.randrange(1, 20 * MIN), cs, "order.set_address", eid, {"address": name})
        roll = r.random()
        if roll < 0.02:  # customer asks to hold; most are released later
            self.add(printed - 10 * MIN, cs, "order.hold", eid, {"reason": "customer call"})
            if r.random() < 0.4:
                return  # stays held: never printed
            printed += 2 * HOUR
            self.add(printed - 5 * MIN, cs, "order.release", eid, {})
        elif roll < 0.025:  # cancelled before printing; a stale device still picks one
            self.add(printed - 5 * MIN, cs, "order.cancel", eid, {"reason": "refund"})
            if r.random() < 0.8:
                return
        printer = r.choice(PRINTERS)
        self.add(printed - 1_000, printer, "order.set_field", eid, {"field": "wave", "value": wave})
        tracking = self.new_tracking(carrier)
        self.add(printed, printer, "label.print", eid, {"tracking": tracking})
        packer = r.choice(PICKERS)  # packs and scans; lines are picked by zone
        old = None
        if r.random() < 0.03:  # changed after printing: old label voided, reprinted
            fix = printed + r.randrange(MIN, 20 * MIN)
            self.add(fix, cs, "order.set_address", eid, {"address": name + " (改)"})
            self.add(fix + 30_000, printer, "label.void", eid, {"tracking": tracking})
            old, tracking = tracking, self.new_tracking(carrier)
            self.add(fix + 60_000, printer, "label.print", eid, {"tracking": tracking})
            printed = fix + 60_000
        tp = printed + r.randrange(30 * MIN, 150 * MIN)
        for n, (sku, (code, qty)) in enumerate(zip(skus, lines.items(), strict=True)):
            at = tp + n * 40_000
            picker = PICKERS[sku % len(PICKERS)]  # each picker works one zone of bins
            self.add(at, picker, "pick.line_picked", eid, {"sku": code, "qty": qty})
            self.add(at + 500, picker, "stock.spend", _bin(sku), {"qty": qty, "order": eid})
        tp += nlines * 40_000
        self.add(tp, packer, "status.advance", eid, {"to": "picked"})
        self.add(tp + 5 * MIN, packer, "status.advance", eid, {"to": "packed"})
        ts = tp + r.randrange(6 * MIN, 40 * MIN)
        total = sum(lines.values())
        qty = total if r.random() > 0.01 else total + 1
        scanner = SKEWED if r.random() < 0.0005 else packer
        if old is not None and r.random() < 0.1:  # the old label is scanned by mistake
            self.add(ts - 30_000, packer, "parcel.scan_out", eid, {"tracking": old, "qty": qty})
        self.add(ts, scanner, "parcel.scan_out", eid, {"tracking": tracking, "qty": qty})
        if r.random() < 0.003:  # a second phone scans the same parcel
            other = r.choice(PICKERS)
            self.add(
                ts + r.randrange(1_000, 60_000),
                other,
                "parcel.scan_out",
                eid,
                {"tracking": tracking},
            )
        if r.random() < 0.2:  # a flagged note (红旗备注) from customer service
            note = {"field": "flag_note", "value": f"{cs}: 请加急"}
            self.add(ts - 20 * MIN, cs, "order.set_field", eid, note)
        if r.random() < 0.7:  # delivered tonight by a courier who syncs after the route
            courier = COURIERS[i % len(COURIERS)]
            td = max(ts, DAY0 + 17 * HOUR) + r.randrange(30 * MIN, 4 * HOUR)
            proof = {"photo": hashlib.sha1(eid.encode()).hexdigest(), "code": r.randrange(10**6)}
            ev = self.add(
                td, courier, "delivery.confirm", eid, {"tracking": tracking, "proof": proof}
            )
            synced = max(td + 10 * MIN, DAY0 + 22 * HOUR + COURIERS.index(courier) * 10_000)
            ev.delay = synced - td

    def ops(self) -> list[Op]:
        """Stamp events in time order with each device's clock, then sort by arrival."""
        clocks: dict[str, Clock] = {}
        seqs: dict[str, int] = {}
        now = [0]
        stamped: list[tuple[int, int, Op]] = []
        uploaded: dict[str, int] = {}  # a device uploads its outbox in seq order
        for ev in sorted(self.events):
            skew = 2 * 24 * HOUR if ev.device == SKEWED else 0
            clock = clocks.get(ev.device)
            if clock is None:
                clock = clocks[ev.device] = Clock(ev.device, lambda s=skew: now[0] + s)
            now[0] = ev.t
            hlc = clock.now()
            seq = seqs[ev.device] = seqs.get(ev.device, 0) + 1
            etype = ev.kind.split(".")[0] if ev.kind.startswith("stock.") else "order"
            actor = "u-" + ev.device.lower()
            op = Op(ev.device, seq, hlc.wall, hlc.ctr, actor, ev.kind, etype, ev.eid, ev.payload)
            jitter = self.rng.randrange(2_000)
            if ev.device in PICKERS and self.rng.random() < 0.05:
                jitter += self.rng.randrange(10 * MIN, 60 * MIN)  # a dead spot in the aisles
            arrival = max(ev.t + ev.delay + jitter, uploaded.get(ev.device, 0))
            uploaded[ev.device] = arrival
            stamped.append((arrival, ev.n, op))
        stamped.sort(key=lambda x: (x[0], x[1]))
        return [op for _, _, op in stamped]


def _bin(sku: int) -> str:
    return f"69{sku:011d}@{chr(65 + sku % 8)}-{sku // 8 % 40:02d}-{sku % 5:02d}"


def build(seed: int = SEED, orders: int = ORDERS) -> list[Op]:
    day = Day(seed)
    day.stock_day()
    for i in range(orders):
        day.order(i)
    day.grants()
    return day.ops()


def ensure(force: bool = False) -> tuple[Path, dict[str, Any]]:
    """The trace file and its metadata, generating them only when missing or stale."""
    want = {"trace_version": TRACE_VERSION, "seed": SEED, "orders": ORDERS}
    if not force and OUT.exists() and META.exists():
        meta: dict[str, Any] = json.loads(META.read_text())
        if all(meta.get(k) == v for k, v in want.items()):
            return OUT, meta
    ops = build()
    data = b"".join(encode_json(op) + b"\n" for op in ops)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    kinds: dict[str, int] = {}
    for op in ops:
        kinds[op.kind] = kinds.get(op.kind, 0) + 1
    meta = {
        **want,
        "ops": len(ops),
        "horizon": HORIZON,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "kinds": dict(sorted(kinds.items())),
    }
    META.write_text(json.dumps(meta, indent=1) + "\n")
    return OUT, meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args()
    path, meta = ensure(args.force)
    print(f"{path.relative_to(ROOT)}: {meta['ops']:,} ops, {meta['orders']:,} orders")
    size, digest = meta["bytes"] / 1e6, meta["sha256"][:16]
    print(f"  {size:.1f} MB, sha256 {digest}…, replay horizon {meta['horizon']}")
    for kind, n in meta["kinds"].items():
        print(f"  {kind:18} {n:>8,}")


if __name__ == "__main__":
    main()
