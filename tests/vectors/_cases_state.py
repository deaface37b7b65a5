"""Materialisation vectors. Each expected snapshot is reasoned by hand in its comment."""

from __future__ import annotations

from typing import Any

from _build import T, case, exc, op, order, snap, stock

C = dict[str, Any]
DAY = 86_400_000


def lww() -> list[C]:
    a = op("A", 1, 10, "order.set_address", "O-1", {"address": "北京路 1号"})
    b = op("B", 1, 20, "order.set_address", "O-1", {"address": "南京路 2号"})
    a_same = op("A", 2, 10, "order.set_field", "O-1", {"field": "note", "value": "from A"})
    b_same = op("B", 2, 10, "order.set_field", "O-1", {"field": "note", "value": "from B"})
    a_ctr = op("A", 3, 10, "order.set_field", "O-1", {"field": "note", "value": "A ctr1"}, ctr=1)
    s1 = op("A", 4, 10, "order.set_field", "O-1", {"field": "carrier", "value": "SF"})
    s2 = op("A", 5, 10, "order.set_field", "O-1", {"field": "carrier", "value": "YTO"})
    cr = op(
        "CS",
        1,
        0,
        "order.create",
        "O-1",
        {"lines": {"SKU-A": 2}, "fields": {"carrier": "SF", "note": "gift"}},
    )
    early = op("B", 9, -5, "order.set_field", "O-1", {"field": "carrier", "value": "ZTO"})
    later = op("B", 10, 30, "order.set_field", "O-1", {"field": "carrier", "value": "EMS"})
    sa = op("CS", 2, 20, "order.set_address", "O-1", {"address": "old"})
    sf = op("CS", 3, 30, "order.set_field", "O-1", {"field": "address", "value": "new"})
    h1 = op("CS", 4, 10, "order.hold", "O-1", {"reason": "customer call"})
    r1 = op("CS", 5, 20, "order.release", "O-1")
    h2 = op("B", 3, 30, "order.hold", "O-1")
    cr2 = op(
        "CS", 6, 50, "order.create", "O-1", {"lines": {"SKU-B": 1}, "fields": {"carrier": "YTO"}}
    )
    behind = op("OLD", 1, -3 * DAY, "order.set_address", "O-1", {"address": "stale"})
    return [
        case(
            "two devices edit the address offline: B's write has the later wall (T+20) so it "
            "wins; A's op stays in the op set",
            [a, b],
            snap({"O-1": order(fields={"address": "南京路 2号"})}),
        ),
        case(
            "same wall and counter: tie broken by device id, 'B' > 'A'",
            [a_same, b_same],
            snap({"O-1": order(fields={"note": "from B"})}),
        ),
        case(
            "same wall: counter beats device id, A (ctr 1) > B (ctr 0)",
            [b_same, a_ctr],
            snap({"O-1": order(fields={"note": "A ctr1"})}),
        ),
        case(
            "same device, same HLC (buggy client): seq decides, A:5 > A:4",
            [s1, s2],
            snap({"O-1": order(fields={"carrier": "YTO"})}),
        ),
        case(
            "create sets lines and fields at T+0; a field write at T-5 loses, one at T+30 wins;"
            " 'note' keeps the create value",
            [cr, early, later],
            snap({"O-1": order(lines={"SKU-A": 2}, fields={"carrier": "EMS", "note": "gift"})}),
        ),
        case(
            "set_address is the 'address' field: set_field address at T+30 beats set_address"
            " at T+20",
            [sa, sf],
            snap({"O-1": order(fields={"address": "new"})}),
        ),
        case(
            "hold T+10, release T+20, hold again T+30 from a PDA: hold register true",
            [h1, r1, h2],
            snap({"O-1": order(hold=True)}),
        ),
        case("hold T+10 then release T+20: hold false", [h1, r1], snap({"O-1": order()})),
        case(
            "second create at T+50 is just later LWW writes: lines replaced, carrier YTO, "
            "note from the first create survives",
            [cr, cr2],
            snap({"O-1": order(lines={"SKU-B": 1}, fields={"carrier": "YTO", "note": "gift"})}),
        ),
        case(
            "device clock 3 days behind writes offline: its write orders before A's (T+10) "
            "and loses",
            [behind, a],
            snap({"O-1": order(fields={"address": "北京路 1号"})}),
        ),
        case(
            "duplicates: the same op three times equals once",
            [a, a, a],
            snap({"O-1": order(fields={"address": "北京路 1号"})}),
            perm=False,
        ),
        case(
            "initial ops plus new ops: result depends only on the union",
            [b],
            snap({"O-1": order(fields={"address": "南京路 2号"})}),
            initial=[a],
        ),
    ]


def event_set() -> list[C]:
    p1 = op("A", 1, 10, "pick.line_picked", "O-1", {"sku": "SKU-A", "qty": 1})
    p2 = op("B", 1, 5, "pick.line_picked", "O-1", {"sku": "SKU-A", "qty": 1})
    p3 = op("B", 2, 7, "pick.line_picked", "O-1", {"sku": "SKU-B", "qty": 3})
    d1 = op(
        "CR",
        1,
        100,
        "delivery.confirm",
        "O-2",
        {"tracking": "SF9", "proof": {"photo": "sha256:ab", "place": "31.2,121.5"}},
    )
    d2 = op("CR", 2, 120, "delivery.confirm", "O-2", {"proof": {"code": "4711"}})
    s = op("A", 3, 50, "parcel.scan_out", "O-3", {"tracking": "SF1"})
    return [
        case("no ops: empty state", [], snap(), perm=False),
        case(
            "picks from two phones accumulate per SKU; events in device-time order "
            "(B:1 at T+5, B:2 at T+7, A:1 at T+10) whatever the arrival order",
            [p1, p2, p3],
            snap({"O-1": order(picked={"SKU-A": 2, "SKU-B": 3}, events=[p2, p3, p1])}),
        ),
        case(
            "a delivery synced twice (same op id) is one event",
            [d1, d1],
            snap({"O-2": order(status="delivered", events=[d1])}),
        ),
        case(
            "two distinct delivery confirmations (photo, then code) are both kept; no exception",
            [d2, d1],
            snap({"O-2": order(status="delivered", events=[d1, d2])}),
        ),
        case(
            "a scan is an event and advances status to shipped",
            [s],
            snap({"O-3": order(status="shipped", events=[s])}),
        ),
    ]


def status() -> list[C]:
    cr = op("CS", 1, 0, "order.create", "O-1", {"lines": {"SKU-A": 1}})
    pr = op("P", 1, 10, "label.print", "O-1", {"tracking": "SF1"})
    pk = op("A", 1, 20, "status.advance", "O-1", {"to": "picked"})
    pa = op("A", 2, 30, "status.advance", "O-1", {"to": "packed"})
    sc = op("A", 3, 40, "parcel.scan_out", "O-1", {"tracking": "SF1", "qty": 1})
    dl = op("CR", 1, 50, "delivery.confirm", "O-1", {"tracking": "SF1"})
    pa_early = op("A", 2, 5, "status.advance", "O-1", {"to": "packed"})
    back = op("A", 4, 60, "status.advance", "O-1", {"to": "printed"})
    cn = op("CS", 2, 25, "order.cancel", "O-1", {"reason": "buyer"})
    cn2 = op("CS2", 1, 35, "order.cancel", "O-1")
    late = op("A", 5, 45, "status.advance", "O-1", {"to": "packed"})
    vd = op("P", 2, 15, "label.void", "O-1", {"tracking": "SF1"})
    rp = op("P", 3, 20, "label.print", "O-1", {"tracking": "SF1"})
    rp2 = op("P", 4, 21, "label.print", "O-1", {"tracking": "SF2"})
    return [
        case(
            "full lifecycle create → printed → picked → packed → shipped → delivered",
            [cr, pr, pk, pa, sc, dl],
            snap(
                {
                    "O-1": order(
                        status="delivered",
                        lines={"SKU-A": 1},
                        labels={"SF1": "printed"},
                        events=[sc, dl],
                    )
                }
            ),
        ),
        case(
            "status is a join: 'packed' (T+5) ordered before the print (T+10) still leaves "
            "status packed",
            [cr, pa_early, pr],
            snap({"O-1": order(status="packed", lines={"SKU-A": 1}, labels={"SF1": "printed"})}),
        ),
        case(
            "an advance to an earlier status never moves backwards",
            [cr, sc, back],
            snap({"O-1": order(status="shipped", lines={"SKU-A": 1}, events=[sc])}),
        ),
        case(
            "printed then cancelled: cancelled absorbs, no exception (printing before a "
            "cancel is routine)",
            [cr, pr, cn],
            snap({"O-1": order(status="cancelled", lines={"SKU-A": 1}, labels={"SF1": "printed"})}),
        ),
        case(
            "forward op after cancel (T+45 > T+25) is kept as order_cancelled, status stays "
            "cancelled",
            [cr, cn, late],
            snap(
                {"O-1": order(status="cancelled", lines={"SKU-A": 1})},
                excs=[exc("order_cancelled", [cn, late])],
            ),
        ),
        case(
            "two cancels: the first (T+25) is the one referenced; the late packed (T+45) is "
            "reported once",
            [cr, cn2, cn, late],
            snap(
                {"O-1": order(status="cancelled", lines={"SKU-A": 1})},
                excs=[exc("order_cancelled", [cn, late])],
            ),
        ),
        case(
            "void then reprint of the same tracking: the label stays voided (terminal) while "
            "the print still marks the order printed; a new tracking is printed",
            [cr, vd, rp, rp2],
            snap(
                {
                    "O-1": order(
                        status="printed",
                        lines={"SKU-A": 1},
                        labels={"SF1": "voided", "SF2": "printed"},
                    )
                }
            ),
        ),
        case(
            "void without a print creates the label entry as voided",
            [vd],
            snap({"O-1": order(labels={"SF1": "voided"})}),
        ),
    ]


def escrow() -> list[C]:
    adj = op("SRV", 1, 0, "stock.adjust", "SKU-A", {"delta": 10, "reason": "receipt"})
    ga = op("SRV", 2, 1, "stock.grant", "SKU-A", {"device": "A", "qty": 5})
    a1 = op("A", 1, 10, "stock.spend", "SKU-A", {"qty": 2, "order": "O-1"})
    a2 = op("A", 2, 20, "stock.spend", "SKU-A", {"qty": 3})
    a3 = op("A", 3, 30, "stock.spend", "SKU-A", {"qty": 1})
    one = op("SRV", 1, 0, "stock.adjust", "SKU-L", {"delta": 1})
    g1 = op("SRV", 2, 1, "stock.grant", "SKU-L", {"device": "A", "qty": 1})
    la = op("A", 1, 10, "stock.spend", "SKU-L", {"qty": 1})
    lb = op("B", 1, 11, "stock.spend", "SKU-L", {"qty": 1})
    sp = op("C", 1, 10, "stock.spend", "SKU-X", {"qty": 1})
    gl = op("SRV", 1, 20, "stock.grant", "SKU-X", {"device": "C", "qty": 1})
    sp2 = op("C", 2, 30, "stock.spend", "SKU-X", {"qty": 1})
    bin1 = op("SRV", 1, 0, "stock.adjust", "SKU-A@B-01", {"delta": 4})
    bin2 = op("SRV", 2, 0, "stock.adjust", "SKU-A@B-02", {"delta": -2, "reason": "count"})
    return [
        case(
            "receipt +10, grant 5 to A, A spends 2 and 3 = exactly its allowance: no "
            "exception, on_hand 5",
            [adj, ga, a1, a2],
            snap(stocks={"SKU-A": stock(5, {"A": 5}, {"A": 5})}),
        ),
        case(
            "a sixth unit exceeds A's allowance of 5: counted (on_hand 4) and reported with "
            "granted 5, spent-before 5, qty 1",
            [adj, ga, a1, a2, a3],
            snap(
                stocks={"SKU-A": stock(4, {"A": 5}, {"A": 6})},
                excs=[
                    exc(
                        "escrow_exceeded", [a3], {"device": "A", "granted": 5, "spent": 5, "qty": 1}
                    )
                ],
            ),
        ),
        case(
            "two offline phones take the last unit: only A holds an allowance, so B's spend "
            "is escrow_exceeded (granted 0); on_hand -1 shows the physical shortfall",
            [one, g1, la, lb],
            snap(
                stocks={"SKU-L": stock(-1, {"A": 1}, {"A": 1, "B": 1})},
                excs=[
                    exc(
                        "escrow_exceeded", [lb], {"device": "B", "granted": 0, "spent": 0, "qty": 1}
                    )
                ],
            ),
        ),
        case(
            "a spend ordered before the grant (T+10 < T+20) had no allowance yet; it still "
            "counts, so the next spend (T+30) is over too: spent-before 1 + 1 > 1",
            [sp, gl, sp2],
            snap(
                stocks={"SKU-X": stock(-2, {"C": 1}, {"C": 2})},
                excs=[
                    exc(
                        "escrow_exceeded", [sp], {"device": "C", "granted": 0, "spent": 0, "qty": 1}
                    ),
                    exc(
                        "escrow_exceeded",
                        [sp2],
                        {"device": "C", "granted": 1, "spent": 1, "qty": 1},
                    ),
                ],
            ),
        ),
        case(
            "SKU@bin entities are independent; negative adjust from a stock count",
            [bin1, bin2],
            snap(stocks={"SKU-A@B-01": stock(4, {}, {}), "SKU-A@B-02": stock(-2, {}, {})}),
        ),
    ]


def exceptions() -> list[C]:
    cr = op("CS", 1, 0, "order.create", "O-1", {"lines": {"SKU-A": 2}})
    sa = op("A", 1, 10, "parcel.scan_out", "O-1", {"tracking": "SF1"})
    sb = op("B", 1, 12, "parcel.scan_out", "O-1", {"tracking": "SF1"})
    sc = op("C", 1, 11, "parcel.scan_out", "O-1", {"tracking": "SF1"})
    vd = op("CS", 2, 5, "label.void", "O-1", {"tracking": "SF1", "reason": "address change"})
    vd_late = op("CS", 3, 20, "label.void", "O-1", {"tracking": "SF1"})
    hd = op("CS", 4, 5, "order.hold", "O-1")
    rl = op("CS", 5, 30, "order.release", "O-1")
    rescan = op("A", 2, 40, "parcel.scan_out", "O-1", {"tracking": "SF1"})
    hd_late = op("CS", 6, 20, "order.hold", "O-1")
    pr = op("P", 1, 8, "label.print", "O-1", {"tracking": "SF1"})
    cn = op("CS", 7, 5, "order.cancel", "O-1")
    dl = op("CR", 1, 4 * 3_600_000, "delivery.confirm", "O-1", {"tracking": "SF1"})
    cn_late = op("CS", 8, 5 * 3_600_000, "order.cancel", "O-1")
    adv = op("CS", 9, 10, "status.advance", "O-1", {"to": "delivered"})
    cn20 = op("CS", 10, 20, "order.cancel", "O-1")
    q3 = op("A", 3, 10, "parcel.scan_out", "O-1", {"tracking": "SF1", "qty": 3})
    q2 = op("B", 2, 10, "parcel.scan_out", "O-1", {"tracking": "SF2", "qty": 2})
    pk1 = op("A", 4, 10, "pick.line_picked", "O-1", {"sku": "SKU-A", "qty": 1})
    pk2 = op("B", 3, 11, "pick.line_picked", "O-1", {"sku": "SKU-A", "qty": 2})
    pk3 = op("B", 4, 12, "pick.line_picked", "O-1", {"sku": "SKU-Z", "qty": 1})
    pk4 = op("A", 5, 13, "pick.line_picked", "O-1", {"sku": "SKU-A", "qty": 1})
    H = T + 300_000
    fut = op("F", 1, 400_000, "order.set_field", "O-9", {"field": "note", "value": "future"})
    now = op("A", 9, 0, "order.set_field", "O-9", {"field": "carrier", "value": "SF"})
    careless = [
        op("CS", 40, 0, "order.set_field", "O-7", {"field": "note\n", "value": 1}),
        op("A", 41, 0, "status.advance", "O-7", {"to": ["shipped"]}),
        op("CS", 42, 0, "order.create", "O-7", {"lines": {"SKU-A": 0}}),
        op("A", 43, 0, "pick.line_picked", "O-7", {"sku": "SKU-A", "qty": True}),
    ]
    rel = op("OFF", 1, 1000, "sync.release", "F:1")
    frel = op("F", 3, 400_000, "sync.release", "F:1")
    rel3 = op("OFF", 2, 1000, "sync.release", "F:3")
    unk = op("A", 20, 0, "order.teleport", "O-5", {"to": "moon"})
    wet = op("A", 21, 0, "stock.spend", "O-5", {"qty": 1}, etype="order")
    bad0 = op("A", 22, 0, "pick.line_picked", "O-5", {"sku": "SKU-A", "qty": 0})
    extra = op("A", 23, 0, "label.print", "O-5", {"tracking": "SF7", "color": "red"})
    badfut = op("F", 2, 400_000, "order.hold", "O-5", {"why": 1})
    v1 = op("A", 30, 10, "parcel.scan_out", "O-6", {"tracking": "SF61"})
    v2 = op("A", 30, 10, "parcel.scan_out", "O-6", {"tracking": "SF62"})
    return [
        case(
            "the same parcel scanned out on two offline phones: A (T+10) is first, B (T+12) "
            "is the duplicate; both facts kept",
            [cr, sa, sb],
            snap(
                {"O-1": order(status="shipped", lines={"SKU-A": 2}, events=[sa, sb])},
                excs=[exc("duplicate_scan", [sa, sb], {"tracking": "SF1"})],
            ),
        ),
        case(
            "three scans: each later one pairs with the first accepted (A:1)",
            [sa, sb, sc],
            snap(
                {"O-1": order(status="shipped", events=[sa, sc, sb])},
                excs=[
                    exc("duplicate_scan", [sa, sc], {"tracking": "SF1"}),
                    exc("duplicate_scan", [sa, sb], {"tracking": "SF1"}),
                ],
            ),
        ),
        case(
            "label voided at T+5, offline picker scans the old label at T+10: scan rejected "
            "(status stays created) but kept as an event and reported",
            [cr, vd, sa],
            snap(
                {"O-1": order(lines={"SKU-A": 2}, labels={"SF1": "voided"}, events=[sa])},
                excs=[exc("voided_label_scan", [vd, sa], {"tracking": "SF1"})],
            ),
        ),
        case(
            "scan at T+10 before the void at T+20: the parcel already left (shipped) but "
            "the label is voided, so it is still reported",
            [cr, sa, vd_late],
            snap(
                {
                    "O-1": order(
                        status="shipped", lines={"SKU-A": 2}, labels={"SF1": "voided"}, events=[sa]
                    )
                },
                excs=[exc("voided_label_scan", [vd_late, sa], {"tracking": "SF1"})],
            ),
        ),
        case(
            "hold T+5 blocks the scan at T+10 (order_on_hold); after release T+30 a rescan "
            "at T+40 is accepted and is NOT a duplicate (the first was rejected)",
            [cr, hd, sa, rl, rescan],
            snap(
                {"O-1": order(status="shipped", lines={"SKU-A": 2}, events=[sa, rescan])},
                excs=[exc("order_on_hold", [hd, sa])],
            ),
        ),
        case(
            "a hold placed after the scan (T+20 > T+10) is too late to stop it: no exception",
            [cr, sa, hd_late],
            snap({"O-1": order(status="shipped", hold=True, lines={"SKU-A": 2}, events=[sa])}),
        ),
        case(
            "printing a held order is refused: order_on_hold, label not created",
            [cr, hd, pr],
            snap(
                {"O-1": order(hold=True, lines={"SKU-A": 2})}, excs=[exc("order_on_hold", [hd, pr])]
            ),
        ),
        case(
            "courier offline all afternoon delivers at T+4h an order cancelled at T+5s",
            [cr, cn, dl],
            snap(
                {"O-1": order(status="cancelled", lines={"SKU-A": 2}, events=[dl])},
                excs=[exc("order_cancelled", [cn, dl])],
            ),
        ),
        case(
            "cancel T+5 and hold T+5 both precede the scan at T+10: cancel takes precedence "
            "over hold, so exactly one exception (order_cancelled)",
            [cr, cn, hd, sa],
            snap(
                {"O-1": order(status="cancelled", hold=True, lines={"SKU-A": 2}, events=[sa])},
                excs=[exc("order_cancelled", [cn, sa])],
            ),
        ),
        case(
            "protocol v2, delivered is terminal: a delivery (T+4h) ordered BEFORE a cancel (T+5h)"
            " stays delivered; the cancel changes nothing and is reported against the delivery"
            " as cancel_after_delivery (v1 made it cancelled)",
            [cr, dl, cn_late],
            snap(
                {"O-1": order(status="delivered", lines={"SKU-A": 2}, events=[dl])},
                excs=[exc("cancel_after_delivery", [dl, cn_late])],
            ),
        ),
        case(
            "delivered by status.advance (T+10) is terminal as well: the cancel at T+20 is"
            " reported against the advance; a later scan is not blocked by the refused cancel",
            [cr, adv, cn20, op("A", 7, 30, "parcel.scan_out", "O-1", {"tracking": "SF1"})],
            snap(
                {
                    "O-1": order(
                        status="delivered",
                        lines={"SKU-A": 2},
                        events=[op("A", 7, 30, "parcel.scan_out", "O-1", {"tracking": "SF1"})],
                    )
                },
                excs=[exc("cancel_after_delivery", [adv, cn20])],
            ),
        ),
        case(
            "scan qty 3 vs ordered 2 (SF1) and qty 2 vs 2 (SF2): one quantity_mismatch",
            [cr, q3, q2],
            snap(
                {"O-1": order(status="shipped", lines={"SKU-A": 2}, events=[q3, q2])},
                excs=[
                    exc("quantity_mismatch", [cr, q3], {"sku": None, "expected": 2, "actual": 3})
                ],
            ),
        ),
        case(
            "picks: SKU-A 1+2 = 3 > 2 at B:3 (reported once, not again at A:5); SKU-Z is "
            "not ordered (expected 0)",
            [cr, pk1, pk2, pk3, pk4],
            snap(
                {
                    "O-1": order(
                        lines={"SKU-A": 2},
                        picked={"SKU-A": 4, "SKU-Z": 1},
                        events=[pk1, pk2, pk3, pk4],
                    )
                },
                excs=[
                    exc(
                        "quantity_mismatch", [cr, pk2], {"sku": "SKU-A", "expected": 2, "actual": 3}
                    ),
                    exc(
                        "quantity_mismatch", [cr, pk3], {"sku": "SKU-Z", "expected": 0, "actual": 1}
                    ),
                ],
            ),
        ),
        case(
            "no lines known (create not synced yet): quantities are not checked",
            [q3],
            snap({"O-1": order(status="shipped", events=[q3])}),
        ),
        case(
            "horizon T+300000: an op at T+400000 is quarantined (clock_skew, ahead 100000 "
            "ms) and not applied; the normal op is",
            [fut, now],
            snap(
                {"O-9": order(fields={"carrier": "SF"})},
                excs=[exc("clock_skew", [fut], {"horizon": H, "ahead_ms": 100_000})],
            ),
            horizon=H,
        ),
        case(
            "an office release of F:1 (at T+1s) applies it, folded at the release's clock",
            [fut, now, rel],
            snap({"O-9": order(fields={"carrier": "SF", "note": "future"})}),
            horizon=H,
        ),
        case(
            "a release from the future device itself (F:3 releasing F:1) is quarantined "
            "too, so it releases nothing: both are clock_skew",
            [fut, frel],
            snap(
                excs=[
                    exc("clock_skew", [fut], {"horizon": H, "ahead_ms": 100_000}),
                    exc("clock_skew", [frel], {"horizon": H, "ahead_ms": 100_000}),
                ],
            ),
            horizon=H,
        ),
        case(
            "an office release of the quarantined release F:3 admits it like any released "
            "op, and F:3 then releases F:1: chains of releases take effect in any order",
            [fut, frel, rel3],
            snap({"O-9": order(fields={"note": "future"})}),
            horizon=H,
        ),
        case(
            "no horizon: nothing is quarantined",
            [fut],
            snap({"O-9": order(fields={"note": "future"})}),
        ),
        case(
            "every op is reflected or reported: unknown kind, wrong etype, qty 0, an "
            "unexpected payload key -> invalid_op; an invalid op from the future is "
            "invalid_op, not clock_skew",
            [unk, wet, bad0, extra, badfut],
            snap(
                excs=[
                    exc("invalid_op", [unk], {"reason": "unknown_kind"}),
                    exc("invalid_op", [wet], {"reason": "wrong_etype"}),
                    exc("invalid_op", [bad0], {"reason": "bad_payload"}),
                    exc("invalid_op", [extra], {"reason": "bad_payload"}),
                    exc("invalid_op", [badfut], {"reason": "bad_payload"}),
                ]
            ),
            horizon=H,
        ),
        case(
            "two different ops claim id A:30: the smaller canonical JSON (tracking SF61) is "
            "kept and folded; id_collision lists both, kept first",
            [v2, v1],
            snap(
                {"O-6": order(status="shipped", events=[v1])},
                excs=[exc("id_collision", [v1, v2], ident="id_collision:A:30")],
            ),
        ),
        case(
            "payloads only a careless check accepts -> bad_payload: a field name with a "
            "trailing newline, `to` given as a list, lines with a zero qty, a boolean qty",
            careless,
            snap(excs=[exc("invalid_op", [o], {"reason": "bad_payload"}) for o in careless]),
        ),
        case(
            "mixed queue sorted by id (code point): duplicate_scan < order_on_hold",
            [cr, hd_late, sa, sb, op("P", 2, 25, "label.print", "O-1", {"tracking": "SF9"})],
            snap(
                {"O-1": order(status="shipped", hold=True, lines={"SKU-A": 2}, events=[sa, sb])},
                excs=[
                    exc("duplicate_scan", [sa, sb], {"tracking": "SF1"}),
                    exc(
                        "order_on_hold",
                        [hd_late, op("P", 2, 25, "label.print", "O-1", {"tracking": "SF9"})],
                    ),
                ],
            ),
        ),
    ]


def queue_order() -> list[C]:
    """Appended to exceptions.json: queues from every source sort by record id."""
    cr = op("CS", 1, 0, "order.create", "O-1", {"lines": {"SKU-A": 2}})
    sa = op("A", 1, 10, "parcel.scan_out", "O-1", {"tracking": "SF1"})
    sb = op("B", 1, 12, "parcel.scan_out", "O-1", {"tracking": "SF1"})
    bad = op("A", 9, 20, "order.teleport", "O-1")
    fut = op("Z", 1, 400_000, "order.hold", "O-1")
    sp = op("C", 1, 30, "stock.spend", "SKU-A", {"qty": 1})
    return [
        case(
            "queue order is by record id even across sources (invalid ops, quarantine, "
            "folds): clock_skew < duplicate_scan < escrow_exceeded < invalid_op, although "
            "op id A:9 would sort first",
            [cr, sa, sb, bad, fut, sp],
            snap(
                {"O-1": order(status="shipped", lines={"SKU-A": 2}, events=[sa, sb])},
                {"SKU-A": stock(-1, {}, {"C": 1})},
                excs=[
                    exc("invalid_op", [bad], {"reason": "unknown_kind"}),
                    exc("duplicate_scan", [sa, sb], {"tracking": "SF1"}),
                    exc("clock_skew", [fut], {"horizon": T + 300_000, "ahead_ms": 100_000}),
                    exc(
                        "escrow_exceeded", [sp], {"device": "C", "granted": 0, "spent": 0, "qty": 1}
                    ),
                ],
            ),
            horizon=T + 300_000,
        ),
    ]


YEAR = 365 * DAY


def released_clocks() -> list[C]:
    """Protocol v2 (issue 9 finding 10): a released op folds at the clock of its earliest
    admitted release when that is before its own; a forged future clock cannot stick."""
    cr = op("CS", 1, 0, "order.create", "O-1", {"lines": {"SKU-A": 1}, "fields": {"carrier": "SF"}})
    forged = op(
        "P", 1, YEAR, "order.set_address", "O-1", {"address": {"city": "伪造"}}, actor="u-cs"
    )
    rel60 = op("EX", 1, 60_000, "sync.release", "P:1", actor="u-ex")
    rel200 = op("EX", 2, 200_000, "sync.release", "P:1", actor="u-ex")
    honest = op("CS", 2, 120_000, "order.set_address", "O-1", {"address": {"city": "苏州市"}})
    early = op("CS", 3, 30_000, "order.set_address", "O-1", {"address": {"city": "西安市"}})
    H = T + 300_000
    ok = {"lines": {"SKU-A": 1}}
    past = op("P", 2, 10_000, "order.set_field", "O-1", {"field": "carrier", "value": "YTO"})
    rel_past = op("EX", 3, 90_000, "sync.release", "P:2", actor="u-ex")
    zto = op("CS", 4, 40_000, "order.set_field", "O-1", {"field": "carrier", "value": "ZTO"})
    return [
        case(
            "a year-ahead address change released at T+60s folds at T+60s, so customer"
            " service's real change at T+120s wins; nothing is left in quarantine",
            [cr, forged, rel60, honest],
            snap({"O-1": order(**ok, fields={"carrier": "SF", "address": {"city": "苏州市"}})}),
            horizon=H,
        ),
        case(
            "the same without a horizon (nothing quarantined): the rule does not depend on"
            " the horizon, the released op still folds at its release's clock",
            [cr, forged, rel60, honest],
            snap({"O-1": order(**ok, fields={"carrier": "SF", "address": {"city": "苏州市"}})}),
        ),
        case(
            "two releases (T+60s, T+200s): the earliest decides, so the T+120s change wins"
            " (with the later release the forged write would have won)",
            [cr, forged, rel200, rel60, honest],
            snap({"O-1": order(**ok, fields={"carrier": "SF", "address": {"city": "苏州市"}})}),
            horizon=H,
        ),
        case(
            "a change made BEFORE the release (T+30s) is older than the released write"
            " (T+60s): the released write wins, as if made when it was released",
            [cr, early, forged, rel60],
            snap({"O-1": order(**ok, fields={"carrier": "SF", "address": {"city": "伪造"}})}),
            horizon=H,
        ),
        case(
            "a released op whose own clock (T+10s) is before its release (T+90s) keeps its"
            " own clock: the T+40s write wins over it",
            [cr, past, zto, rel_past],
            snap({"O-1": order(**ok, fields={"carrier": "ZTO"})}),
        ),
    ]


def files() -> dict[str, list[C]]:
    return {
        "lww": lww(),
        "event_set": event_set(),
        "status": status(),
        "escrow": escrow(),
        "exceptions": exceptions() + queue_order() + released_clocks(),
    }
