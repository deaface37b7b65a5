"""Laws of the four merge types (commutative, associative, idempotent where claimed)."""

from __future__ import annotations

import itertools

from sync import order_fold
from sync.escrow import Escrow
from sync.event_set import EventSet
from sync.lattice import LABEL_STATUS, ORDER_STATUS
from sync.lww import LWWMap, Register
from sync.op import Op


def _op(dev: str, seq: int, wall: int) -> Op:
    return Op(dev, seq, wall, 0, "u", "k", "order", "O", {})


def test_lww_register_merge_laws() -> None:
    regs = [
        Register(v, o, o.key)
        for v, o in (("a", _op("A", 1, 5)), ("b", _op("B", 1, 5)), ("c", _op("A", 2, 3)))
    ]
    for x, y in itertools.product(regs, repeat=2):
        assert x.merge(y) is y.merge(x)
        assert x.merge(x) is x
    for x, y, z in itertools.permutations(regs):
        assert x.merge(y).merge(z) is x.merge(y.merge(z))
        assert x.merge(y).merge(z).value == "b"


def test_lww_map() -> None:
    m = LWWMap()
    o1, o2 = _op("A", 1, 1), _op("A", 2, 2)
    assert m.set("f", 2, o2, o2.key)
    assert not m.set("f", 1, o1, o1.key)
    assert m.values() == {"f": 2}
    assert m.winner("f") is o2
    assert m.winner("g") is None


def test_event_set_union_is_order_free() -> None:
    ops = [_op("A", 1, 3), _op("B", 1, 1), _op("A", 2, 2)]
    sets = []
    for perm in itertools.permutations(ops):
        s = EventSet()
        for o in perm + perm:
            s.add(o, o.key)
        sets.append(s.ids())
    assert all(ids == ["B:1", "A:2", "A:1"] for ids in sets)
    a, b = EventSet(), EventSet()
    a.add(ops[0], ops[0].key)
    b.add(ops[1], ops[1].key)
    b.add(ops[0], ops[0].key)
    assert a.union(b).ids() == b.union(a).ids() == ["B:1", "A:1"]
    assert "A:1" in a and len(a.union(b)) == 2


def test_lattice_join_laws() -> None:
    states = [*ORDER_STATUS.chain, *ORDER_STATUS.terminals]
    for x, y in itertools.product(states, repeat=2):
        assert ORDER_STATUS.join(x, y) == ORDER_STATUS.join(y, x)
        assert ORDER_STATUS.join(x, x) == x
    for x, y, z in itertools.product(states, repeat=3):
        j = ORDER_STATUS.join
        assert j(j(x, y), z) == j(x, j(y, z))
    assert ORDER_STATUS.join("delivered", "cancelled") == "cancelled"
    assert ORDER_STATUS.join("printed", "shipped") == "shipped"
    assert LABEL_STATUS.join("voided", "printed") == "voided"
    assert ORDER_STATUS.is_terminal("cancelled") and "voided" in LABEL_STATUS


def test_order_fold_ranks_are_the_lattice() -> None:
    """The order fold keeps status as a rank and joins by max: the same as the lattice."""
    states = [*ORDER_STATUS.chain, *ORDER_STATUS.terminals]
    assert list(order_fold._STATUS) == states
    for x, y in itertools.product(states, repeat=2):
        rank = max(order_fold._RANK[x], order_fold._RANK[y])
        assert order_fold._STATUS[rank] == ORDER_STATUS.join(x, y)


def test_escrow() -> None:
    e = Escrow()
    e.adjust(3)
    e.grant("A", 2)
    assert e.spend("A", 2)
    assert not e.spend("A", 1)
    assert not e.spend("B", 1)
    assert (e.on_hand, dict(e.spent), dict(e.granted)) == (-1, {"A": 3, "B": 1}, {"A": 2})
    m = e.merge(Escrow())
    assert m.on_hand == -1 and m.spent == e.spent
