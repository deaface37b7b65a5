"""A courier at 360x640, offline all afternoon: delivers with photo and signature, one
order is cancelled by customer service meanwhile, the app is reloaded offline; back online,
every photo and signature reaches the server exactly once, the office sees the proof, and
the cancelled one is an exception with both sides' facts.

The network is cut by the fault proxy (the phone's lane), never by DevTools emulation.
"""

from __future__ import annotations

import io
import json
import sqlite3
import time
import urllib.request
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from support.images import photo
from support.office_api import api, desk_session

Phone = Any  # tests/browser/conftest.py: Phone
SHOTS = Path("/tmp/shots-courier")


def _rows(database_url: str, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    path = database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return db.execute(sql, args).fetchall()


def _shipped(database_url: str, n: int) -> list[tuple[str, str]]:
    """(order id, tracking) of n shipped orders no courier carries yet."""
    rows = _rows(
        database_url,
        "SELECT e.eid, e.state FROM sync_entity e JOIN warehouse w ON w.id = e.warehouse"
        " WHERE w.code = 'SH01' AND e.etype = 'order' AND e.status = 'shipped'"
        " AND e.eid NOT IN (SELECT eid FROM courier_route) ORDER BY e.eid LIMIT ?",
        (n,),
    )
    out = []
    for eid, state in rows:
        labels = json.loads(state).get("labels", {})
        out.append((eid, next(t for t, s in labels.items() if s == "printed")))
    return out


def _get(base: str, path: str, token: str) -> tuple[int, bytes]:
    req = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.read()


def _deliver(phone: Phone, eid: str, tracking: str, n: int) -> None:
    page = phone.page
    phone.go(f"#/deliver/{eid}")
    expect(page.get_by_test_id("deliver")).to_have_attribute("data-eid", eid)
    page.get_by_test_id("deliver-scan").fill(tracking)
    page.get_by_test_id("deliver-scan").press("Tab")
    jpeg = photo(1200, 900, quality=90)
    page.get_by_test_id("deliver-photo").set_input_files(
        files=[{"name": f"p{n}.jpg", "mimeType": "image/jpeg", "buffer": jpeg}]
    )
    pad = page.get_by_test_id("signature-pad")
    box = pad.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + 70)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(box["x"] + 20 + i * 22, box["y"] + 70 + (15 if i % 2 else -15))
    page.mouse.up()
    page.get_by_test_id("signature-save").click()
    expect(page.get_by_test_id("evidence-state")).to_have_attribute("data-pending", "2")
    page.get_by_test_id("deliver-recipient").fill("王先生")
    if n == 0:
        SHOTS.mkdir(exist_ok=True)
        phone.shot(SHOTS / "deliver-offline.png")
    expect(page.get_by_test_id("deliver-missing")).to_have_count(0)
    page.get_by_test_id("deliver-confirm").click()
    expect(page.get_by_test_id("route")).to_be_visible()


def test_a_courier_delivers_offline_and_the_proof_lands_once(
    phones: Callable[..., Phone],
    served_demo: str,
    demo_database: str,
    enrolment_code: Callable[[], str],
) -> None:
    manager = desk_session(served_demo, enrolment_code(), "M001")
    cs = desk_session(served_demo, enrolment_code(), "C001")
    orders = _shipped(demo_database, 3)
    for eid, _ in orders:
        api(served_demo, "/api/dispatch/routes", {"eid": eid, "courier": "D001"}, manager)

    phone = phones("D001")
    phone.go("#/route")
    stops = phone.page.get_by_test_id("route-stop")
    expect(stops).to_have_count(3, timeout=20_000)
    SHOTS.mkdir(exist_ok=True)
    phone.shot(SHOTS / "route.png")

    phone.offline(True)
    a, b, c = (eid for eid, _ in orders)
    # Customer service cancels C while the courier is on the road, out of signal.
    api(served_demo, f"/api/orders/{c}/cancel", {"reason": "客户取消"}, cs)
    for n, (eid, tracking) in enumerate(orders):
        _deliver(phone, eid, tracking, n)
    # Reload with no signal: the evidence is still queued on the phone.
    phone.page.reload()
    expect(phone.page.get_by_test_id("app-shell")).to_be_visible()
    expect(phone.page.get_by_test_id("home")).to_be_visible(timeout=20_000)
    phone.go(f"#/deliver/{a}")
    expect(phone.page.get_by_test_id("evidence-state")).to_have_attribute(
        "data-pending", "2", timeout=20_000
    )
    assert _rows(demo_database, "SELECT count(*) FROM evidence")[0][0] == 0

    phone.offline(False)
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if _rows(demo_database, "SELECT count(*) FROM evidence")[0][0] >= 6:
            break
        time.sleep(0.5)
    per_order = dict(
        _rows(demo_database, "SELECT eid, count(*) FROM evidence GROUP BY eid ORDER BY eid")
    )
    assert per_order == {a: 2, b: 2, c: 2}, per_order
    kinds = _rows(demo_database, "SELECT kind, count(*) FROM evidence GROUP BY kind ORDER BY kind")
    assert kinds == [("photo", 3), ("signature", 3)]
    expect(phone.page.get_by_test_id("evidence-state")).to_have_attribute("data-pending", "0")
    phone.go("#/route")
    phone.shot(SHOTS / "route-after-sync.png")

    # The office sees the proof: listed, and the image itself (EXIF-free JPEG).
    status, body = _get(served_demo, f"/api/evidence/?eid={a}", cs)
    items = json.loads(body)["items"]
    assert status == 200 and sorted(i["kind"] for i in items) == ["photo", "signature"]
    photo_uid = next(i["uid"] for i in items if i["kind"] == "photo")
    status, image = _get(served_demo, f"/api/evidence/{photo_uid}/image", cs)
    from PIL import Image

    assert status == 200 and Image.open(io.BytesIO(image)).format == "JPEG"

    # Delivered offline, cancelled meanwhile: an exception with both sides' facts (the
    # cancel also reports the warehouse's earlier scan-out: a separate record).
    deadline = time.monotonic() + 20
    found: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not found:
        rows = _rows(demo_database, "SELECT record FROM sync_exception WHERE eid = ?", (c,))
        found = [
            r
            for r in (json.loads(x) for (x,) in rows)
            if {f["kind"] for f in r["facts"]} == {"order.cancel", "delivery.confirm"}
        ]
        time.sleep(0.5)
    assert found, "the cancelled delivery is not an exception"
    assert found[0]["kind"] == "order_cancelled"
    assert {f["actor"] for f in found[0]["facts"]} == {"C001", "D001"}
    delivered = _rows(
        demo_database,
        "SELECT eid, status FROM sync_entity WHERE eid IN (?, ?, ?) ORDER BY eid",
        (a, b, c),
    )
    assert dict(delivered) == {a: "delivered", b: "delivered", c: "cancelled"}
