"""The quality slice and the stock-count ops through the real push path (issue 14), on
SQLite and PostgreSQL: the catalogue rows the spot-check draw starts from, who may count,
accept and inspect, and a count that merges with a pick which syncs late."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import Device, device_for
from support.wire import BOOTSTRAP, push_body

from sync import from_builtins, materialise, quality

Client = AsyncTestClient[Litestar]
SKUS = "/api/quality/skus"


async def _push(client: Client, dev: Device, ops: list[Any]) -> list[dict[str, Any]]:
    r = await client.post(
        "/api/sync/push",
        content=push_body(ops),
        headers={**dev.headers, "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
    results: list[dict[str, Any]] = r.json()["results"]
    return results


async def _stock(client: Client, dev: Device) -> dict[str, Any]:
    r = await client.get(BOOTSTRAP, headers=dev.headers)
    assert r.status_code == 200, r.text
    stock: dict[str, Any] = materialise([from_builtins(o) for o in r.json()["ops"]])["stock"]
    return stock


async def test_catalogue_rows_are_the_callers_warehouse_only(demo_client: Client) -> None:
    qc = await device_for(demo_client, "Q001")
    r = await demo_client.get(SKUS, headers=qc.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["warehouse"] == "SH01"
    rows = body["rows"]
    assert rows and all(row["sku"].startswith("SH01:") for row in rows)
    assert [row["sku"] for row in rows] == sorted(row["sku"] for row in rows)
    assert any(row["available"] > 0 for row in rows)
    # the draw takes half of what is on the shelf, plus what shipped unchecked
    shelf = [row for row in rows if row["available"] > 0]
    sample = quality.spot_check_sample("SH01:2026-12-07", rows)
    unchecked = {row["sku"] for row in rows if row["shipped"] > 0 and not row["marked"]}
    assert unchecked <= set(sample)
    assert len(set(sample) - unchecked) <= (len(shelf) + 1) // 2 <= len(sample)

    hz = await device_for(demo_client, "H001", warehouse="HZ02")
    other = (await demo_client.get(SKUS, headers=hz.headers)).json()
    assert other["warehouse"] == "HZ02"
    assert all(row["sku"].startswith("HZ02:") for row in other["rows"])

    assert (await demo_client.get(SKUS)).status_code == 401
    bad = await demo_client.get(SKUS, headers={"authorization": "Bearer nope"})
    assert bad.status_code == 401


async def test_a_late_pick_before_the_count_is_not_counted_twice(demo_client: Client) -> None:
    qc = await device_for(demo_client, "Q001")
    picker = await device_for(demo_client, "K001")
    manager = await device_for(demo_client, "M001")
    eid = "SH01:QC-1@Q-01"
    receive = qc.op("stock.receive", eid, {"qty": 10, "receipt": "R-1"}, etype="stock")
    grant = manager.op("stock.grant", eid, {"device": picker.device_id, "qty": 5}, etype="stock")
    # the picker takes 2 offline; its op is stamped now but pushed only after the count
    pick = picker.op("stock.spend", eid, {"qty": 2}, etype="stock")
    count = qc.op("stock.count", eid, {"qty": 8}, etype="stock", wall=pick.wall + 10)
    assert [r["status"] for r in await _push(demo_client, qc, [receive])] == ["accepted"]
    assert [r["status"] for r in await _push(demo_client, manager, [grant])] == ["accepted"]
    assert [r["status"] for r in await _push(demo_client, qc, [count])] == ["accepted"]

    # before the pick arrives the server sees a difference of -2 ...
    before = await _stock(demo_client, manager)
    assert [d["diff"] for d in quality.count_differences(before)] == [-2]
    # ... and once it arrives, none: the books say 8 and so did the count
    assert [r["status"] for r in await _push(demo_client, picker, [pick])] == ["accepted"]
    after = await _stock(demo_client, manager)
    assert after[eid]["on_hand"] == 8
    assert after[eid]["counts"][0]["status"] == "matched"
    assert quality.count_differences(after) == []


async def test_who_may_count_accept_and_inspect(demo_client: Client) -> None:
    picker = await device_for(demo_client, "K001")
    qc = await device_for(demo_client, "Q001")
    eid = "SH01:QC-2@Q-02"
    ops = [
        picker.op("stock.count", eid, {"qty": 1}, etype="stock"),
        picker.op("stock.count_accept", eid, {"count": "x:1"}, etype="stock"),
        picker.op("qc.inspect", "SH01:QC-2", {"result": "pass"}, etype="stock"),
        picker.op("stock.count", "HZ02:QC-2@A-01", {"qty": 1}, etype="stock"),
    ]
    got = [(r["status"], r.get("reason")) for r in await _push(demo_client, picker, ops)]
    assert got[0] == ("accepted", None)
    assert got[1][0] == got[2][0] == "rejected"
    assert got[3] == ("rejected", "unknown_entity")  # another warehouse's stock: not found
    inspect = qc.op("qc.inspect", "SH01:QC-2", {"result": "pass", "note": "ok"}, etype="stock")
    bad = qc.op("qc.inspect", "SH01:QC-2", {"result": "maybe"}, etype="stock")
    got = [r["status"] for r in await _push(demo_client, qc, [inspect, bad])]
    # a malformed op is kept (never lost) but changes nothing: the mark is the pass's
    assert got == ["accepted", "accepted"]
    r = await demo_client.get(BOOTSTRAP, headers=qc.headers)
    snap = materialise([from_builtins(o) for o in r.json()["ops"]])
    assert quality.spot_mark(snap["stock"]["SH01:QC-2"])
    invalid = [e for e in snap["exceptions"] if e["kind"] == "invalid_op"]
    assert [e["facts"][0]["op"] for e in invalid] == [bad.id]


async def test_inspection_report_of_a_day_and_a_receipt(demo_client: Client) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    qc = await device_for(demo_client, "Q001")
    ops = [
        qc.op("qc.inspect", "SH01:QC-3", {"result": "pass", "receipt": "R-9"}, etype="stock"),
        qc.op("qc.inspect", "SH01:QC-4", {"result": "fail", "note": "划痕"}, etype="stock"),
    ]
    assert [r["status"] for r in await _push(demo_client, qc, ops)] == ["accepted"] * 2
    day = datetime.fromtimestamp(ops[0].wall / 1000, ZoneInfo("Asia/Shanghai")).date()
    url = "/api/quality/report"
    r = await demo_client.get(url, params={"day": day.isoformat()}, headers=qc.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["total"], body["passed"], body["failed"]) == (2, 1, 1)
    assert [row["sku"] for row in body["rows"]] == ["SH01:QC-3", "SH01:QC-4"]
    assert body["rows"][1]["note"] == "划痕"
    one = await demo_client.get(
        url, params={"day": day.isoformat(), "receipt": "R-9"}, headers=qc.headers
    )
    assert [row["sku"] for row in one.json()["rows"]] == ["SH01:QC-3"]
    pdf = await demo_client.get(
        url, params={"day": day.isoformat(), "format": "pdf"}, headers=qc.headers
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    # another warehouse's report of the same day holds none of SH01's inspections
    hz = await device_for(demo_client, "H001", warehouse="HZ02")
    other = await demo_client.get(url, params={"day": day.isoformat()}, headers=hz.headers)
    assert other.json()["total"] == 0
    for bad in ({"day": "2026-02-30"}, {"day": "today"}, {"day": day.isoformat(), "format": "x"}):
        assert (await demo_client.get(url, params=bad, headers=qc.headers)).status_code == 400
    assert (await demo_client.get(url, params={"day": day.isoformat()})).status_code == 401
