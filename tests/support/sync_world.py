"""A small simulated warehouse for the sync property tests (tests/sync/test_properties.py).

Hypothesis draws a *script*: 3-10 devices with wrong clocks (minutes to days off, ahead or
behind), then steps — real time passing, a device clock jumping (backwards too), a device
pulling everything so far, or a device acting. Actions are warehouse intents on a few
orders, labels and SKUs (so they collide often): orders created and edited, labels printed
and voided, picks, scan-outs, holds/releases/cancels, deliveries, stock grants/spends/
adjusts, office releases of quarantined ops, the odd malformed op, and now and then a
phone restored from a backup whose op counter rewinds (so two different ops share an id).
`run` plays the script through real `sync.Clock`s and returns the op set plus every stamp
each clock issued.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from sync import MAX_DRIFT_MS, Clock, ClockSkewError, Hlc, Op

T0 = 1_700_000_000_000
MIN = 60_000
DAY = 86_400_000
ORDERS = ("O-1", "O-2")
SKUS = ("S-1", "S-2")
TRACKING = ("SF1", "SF2", "YT1")
# Clock errors: mostly right, some within the drift bound, some hours or days off.
OFFSETS = (0, 0, 0, 1_500, -40_000, 4 * MIN, 20 * MIN, -3 * 3_600_000, 2 * DAY, -5 * DAY)


KINDS = (
    "order.create",
    "order.set_field",
    "order.set_address",
    "order.hold",
    "order.hold",
    "order.release",
    "order.cancel",
    "label.print",
    "label.print",
    "label.void",
    "label.void",
    "pick.line_picked",
    "status.advance",
    "parcel.scan_out",
    "parcel.scan_out",
    "parcel.scan_out",
    "delivery.confirm",
    "stock.grant",
    "stock.spend",
    "stock.adjust",
    "sync.release",
    "bad",
)
VALUES = (None, -5, 0, 3, "急", "SF", "note")
ADVANCE = ("printed", "picked", "packed")
DELTAS = (-3, -1, 1, 2, 8)
BAD = ("unknown", "etype", "payload")
JUMPS = (-DAY, -MIN, -1, 1, 3 * MIN, DAY)


def _pick(draw: st.DrawFn, options: tuple[Any, ...]) -> Any:
    return options[draw(st.integers(0, len(options) - 1))]


@st.composite
def _action(draw: st.DrawFn, devices: int) -> tuple[Any, ...]:
    """One intent; flat integer draws (cheap to generate and to shrink)."""
    kind = _pick(draw, KINDS)
    order, sku, tracking = _pick(draw, ORDERS), _pick(draw, SKUS), _pick(draw, TRACKING)
    n = draw(st.integers(0, 4))
    if kind == "order.create":
        lines = {sku: n % 3 + 1}
        if n > 2:
            lines[_pick(draw, SKUS)] = 1
        return kind, order, lines
    if kind == "order.set_field":
        return kind, order, ("note", "carrier")[n % 2], _pick(draw, VALUES)
    if kind == "order.set_address":
        return kind, order, ("杭州", "上海")[n % 2]
    if kind in ("order.hold", "order.release", "order.cancel"):
        return kind, order
    if kind in ("label.print", "label.void"):
        return kind, order, tracking
    if kind == "pick.line_picked":
        return kind, order, sku, n % 3 + 1
    if kind == "status.advance":
        return kind, order, ADVANCE[n % 3]
    if kind == "parcel.scan_out":
        return kind, order, tracking, None if n == 4 else n
    if kind == "delivery.confirm":
        return kind, order, None if n == 0 else tracking
    if kind == "stock.grant":
        return kind, sku, draw(st.integers(0, devices - 1)), n + 1
    if kind == "stock.spend":
        return kind, sku, n % 3 + 1
    if kind == "stock.adjust":
        return kind, sku, DELTAS[n]
    if kind == "sync.release":
        return kind, draw(st.integers(0, 10_000))
    return kind, order, BAD[n % 3]


@st.composite
def scripts(draw: st.DrawFn, max_steps: int = 40) -> tuple[list[int], list[tuple[Any, ...]]]:
    """(clock offset per device, steps). Most steps are actions."""
    n = draw(st.integers(3, 10))
    offsets = [_pick(draw, OFFSETS) for _ in range(n)]
    steps: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(1, max_steps))):
        what = draw(st.integers(0, 31))
        dev = draw(st.integers(0, n - 1))
        if what < 20:
            steps.append(("act", dev, draw(_action(n))))
        elif what < 25:
            steps.append(("tick", draw(st.integers(0, 10 * MIN))))
        elif what < 27:
            steps.append(("jump", dev, _pick(draw, JUMPS)))
        elif what < 31:
            steps.append(("pull", dev))
        else:  # restored from a backup: the op counter rewinds, so op ids get reused
            steps.append(("rewind", dev, draw(st.integers(1, 3))))
    return offsets, steps


@dataclass
class Device:
    id: str
    offset: int
    clock: Clock
    seq: int = 0
    seen: int = 0  # how many of the world's ops it has pulled
    stamps: list[Hlc] = field(default_factory=list)  # every timestamp its clock issued


@dataclass
class World:
    t: int = T0
    devices: list[Device] = field(default_factory=list)
    ops: list[Op] = field(default_factory=list)

    @property
    def horizon(self) -> int:
        """A server replaying the day right after it: its real time plus the drift bound."""
        return self.t + MAX_DRIFT_MS


def _op(world: World, d: Device, action: tuple[Any, ...]) -> Op:
    kind, *args = action
    etype, eid, payload = "order", args[0], {}
    if kind == "order.create":
        payload = {"lines": args[1]}
    elif kind == "order.set_field":
        payload = {"field": args[1], "value": args[2]}
    elif kind == "order.set_address":
        payload = {"address": args[1]}
    elif kind in ("label.print", "label.void"):
        payload = {"tracking": args[1]}
    elif kind == "pick.line_picked":
        payload = {"sku": args[1], "qty": args[2]}
    elif kind == "status.advance":
        payload = {"to": args[1]}
    elif kind == "parcel.scan_out":
        payload = {"tracking": args[1]}
        if args[2] is not None:
            payload["qty"] = args[2]
    elif kind == "delivery.confirm":
        payload = {} if args[1] is None else {"tracking": args[1]}
    elif kind == "stock.grant":
        etype, payload = "stock", {"device": world.devices[args[1]].id, "qty": args[2]}
    elif kind == "stock.spend":
        etype, payload = "stock", {"qty": args[1]}
    elif kind == "stock.adjust":
        etype, payload = "stock", {"delta": args[1]}
    elif kind == "sync.release":  # release some earlier op (or a stranger's id)
        etype = "sync"
        eid = world.ops[args[0] % len(world.ops)].id if world.ops else "X:1"
    elif kind == "bad":
        kind, etype, payload = {
            "unknown": ("order.teleport", "order", {}),
            "etype": ("label.print", "stock", {"tracking": "SF1"}),
            "payload": ("pick.line_picked", "order", {"sku": "S-1", "qty": 0}),
        }[args[1]]
    hlc = d.clock.now()
    d.stamps.append(hlc)
    d.seq += 1
    return Op(d.id, d.seq, hlc.wall, hlc.ctr, f"u-{d.id}", kind, etype, eid, payload)


def run(script: tuple[list[int], list[tuple[Any, ...]]]) -> World:
    offsets, steps = script
    world = World()
    for i, off in enumerate(offsets):
        dev_id = f"D{i}"
        device = Device(dev_id, off, Clock(dev_id))
        device.clock = Clock(dev_id, lambda d=device: world.t + d.offset)
        world.devices.append(device)
    for step in steps:
        if step[0] == "tick":
            world.t += step[1]
        elif step[0] == "jump":
            world.devices[step[1]].offset += step[2]
        elif step[0] == "rewind":
            d = world.devices[step[1]]
            d.seq = max(0, d.seq - step[2])
        elif step[0] == "pull":
            d = world.devices[step[1]]
            for op in world.ops[d.seen :]:
                if op.device == d.id:
                    continue
                # refused (ClockSkewError): the clock stays put; the op itself still syncs
                with contextlib.suppress(ClockSkewError):
                    d.stamps.append(d.clock.receive(op.hlc))
            d.seen = len(world.ops)
        else:
            d = world.devices[step[1]]
            world.ops.append(_op(world, d, step[2]))
    return world
