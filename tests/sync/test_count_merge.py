"""Property tests of the stock-count merge rule (sync/stock_fold.py, issue 14).

A simulated shelf: goods arrive, pickers on several devices take them (their ops synced
late, in any order), goods go missing without any op (shrinkage), and counters count the
true quantity now and then. Whatever order the ops arrive in, every replica folds the same
state; a count never sees a difference the records explain (no late pick counted twice);
and once the last count is accepted, the books equal the shelf.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sync import Op, Replica, materialise
from sync.quality import count_differences

EID = "W1:SKU-A@A-01"
T0 = 1_700_000_000_000

# one step of the day: ("in", n) receipt, ("pick", device, n), ("lose", n) shrinkage
# (no op), ("count",) a true count
_step = st.one_of(
    st.tuples(st.just("in"), st.integers(1, 20)),
    st.tuples(st.just("pick"), st.sampled_from(["P1", "P2", "P3"]), st.integers(1, 5)),
    st.tuples(st.just("lose"), st.integers(1, 3)),
    st.tuples(st.just("count")),
)


class _Day:
    """Plays the steps in time order and writes the ops the devices would have written."""

    def __init__(self) -> None:
        self.ops: list[Op] = []
        self.seqs: dict[str, int] = {}
        self.truth = 0
        self.t = 0
        self.counts: list[tuple[str, int]] = []  # (count op id, shrinkage since last count)
        self.lost = 0

    def op(self, device: str, kind: str, payload: dict[str, Any]) -> Op:
        self.t += 1 + self.t % 3  # distinct walls; devices share one honest clock
        seq = self.seqs[device] = self.seqs.get(device, 0) + 1
        o = Op(device, seq, T0 + self.t, 0, f"u-{device}", kind, "stock", EID, payload)
        self.ops.append(o)
        return o

    def play(self, steps: list[tuple[Any, ...]]) -> None:
        self.op("SRV", "stock.adjust", {"delta": 1000, "reason": "opening"})
        self.truth = 1000
        for dev in ("P1", "P2", "P3"):
            self.op("SRV", "stock.grant", {"device": dev, "qty": 10_000})
        for s in steps:
            if s[0] == "in":
                self.op("SRV", "stock.adjust", {"delta": s[1], "reason": "receipt"})
                self.truth += s[1]
            elif s[0] == "pick":
                self.op(s[1], "stock.spend", {"qty": s[2]})
                self.truth -= s[2]
            elif s[0] == "lose":
                self.lost += s[1]
                self.truth -= s[1]
            else:
                c = self.op("C", "stock.count", {"qty": self.truth})
                self.counts.append((c.id, self.lost))
                self.lost = 0


def _shuffled(ops: list[Op], seed: int) -> list[Op]:
    rng = random.Random(seed)
    out = ops + rng.sample(ops, rng.randint(0, len(ops)))  # some arrive twice
    rng.shuffle(out)
    return out


@given(st.lists(_step, max_size=40), st.integers(0, 2**32))
def test_counts_fold_alike_in_any_delivery_order(steps: list[Any], seed: int) -> None:
    day = _Day()
    day.play(steps)
    if day.counts:  # the manager accepts the first count, whatever else happened
        day.op("M", "stock.count_accept", {"count": day.counts[0][0]})
    want = materialise(day.ops)
    replica = Replica()
    for o in _shuffled(day.ops, seed):
        replica.apply_one(o)
        if o.seq % 4 == 0:
            replica.snapshot()  # reads between arrivals must not change the outcome
    assert replica.snapshot() == want


@given(st.lists(_step, max_size=40), st.integers(0, 2**32))
def test_a_count_differs_by_exactly_the_unrecorded_loss(steps: list[Any], seed: int) -> None:
    """Every pick is recorded (some synced late), so with nothing accepted yet a count's
    difference is exactly the shrinkage so far: a late pick is never counted twice, nor
    missed, and an unaccepted older difference is not in the newer count's book."""
    day = _Day()
    day.play(steps)
    snap = materialise(_shuffled(day.ops, seed))["stock"]
    counts = snap[EID].get("counts", []) if EID in snap else []
    assert [c["id"] for c in counts] == [cid for cid, _ in day.counts]
    lost_so_far = 0
    for c, (_, lost) in zip(counts, day.counts, strict=True):
        lost_so_far += lost
        assert c["diff"] == -lost_so_far
    for c in counts[:-1]:  # each later count supersedes an open one
        assert c["status"] == ("matched" if c["diff"] == 0 else "superseded")
    # before any accept the books stay at the recorded movements
    recorded = day.truth + sum(lost for _, lost in day.counts) + day.lost
    if EID in snap:
        assert snap[EID]["on_hand"] == recorded


@given(st.lists(_step, min_size=1, max_size=40), st.integers(0, 2**32))
def test_accepting_the_last_count_makes_the_books_match_the_shelf(
    steps: list[Any], seed: int
) -> None:
    day = _Day()
    day.play([*steps, ("count",), ("pick", "P1", 1)])  # a pick lands after the count
    cid = day.counts[-1][0]
    day.op("M", "stock.count_accept", {"count": cid})
    snap = materialise(_shuffled(day.ops, seed))["stock"]
    # accepting the newest count alone is enough: the older open ones were superseded
    assert snap[EID]["on_hand"] == day.truth  # 帐实相符
    assert count_differences(snap) == []
