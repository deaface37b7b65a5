"""Signing for a wave by scanning its list on the phone (pick.sign ops, protocol v3): the
handoff sheet 订单交接表 shows the signature like one made online, counted once per signer."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import device_for
from support.waves import start_wave
from support.wire import push_body

Client = AsyncTestClient[Litestar]


async def test_scanned_signature_is_on_the_handoff_sheet(
    demo_client: Client, staff: dict[str, dict[str, str]]
) -> None:
    printer = staff["P001"]
    wave = (await start_wave(demo_client, printer)).json()
    code = wave["code"]
    detail = (await demo_client.get(f"/api/waves/{code}", headers=printer)).json()
    eids = [o["eid"] for o in detail["orders"]]
    assert len(eids) >= 2

    phone = await device_for(demo_client, "K001")
    doc = wave["pick_list"]
    signs = [phone.op("pick.sign", eid, {"wave": code, "document": doc}) for eid in eids]
    # a second scan later signs nothing new; a sign for another wave is not this wave's
    signs.append(phone.op("pick.sign", eids[0], {"wave": code, "document": doc}))
    signs.append(phone.op("pick.sign", eids[1], {"wave": "SH01-OTHER", "document": "PK-X"}))
    r = await demo_client.post(
        "/api/sync/push",
        content=push_body(signs),
        headers={**phone.headers, "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
    assert {x["status"] for x in r.json()["results"]} == {"accepted"}

    seen = (await demo_client.get(f"/api/waves/{code}/handoffs", headers=printer)).json()
    assert [(h["received_by"], h["order_count"], h["document"]) for h in seen] == [
        ("K001", len(eids), doc)
    ]
    assert seen[0]["handed_by"] == wave["started_by"]
    sheet = await demo_client.get(f"/api/waves/{code}/documents/handoff-sheet", headers=printer)
    assert sheet.status_code == 200

    # The same picker also signing online later: one row, the earlier (scanned) signature.
    r = await demo_client.post("/api/waves/handoff", json={"document": doc}, headers=staff["K001"])
    assert r.status_code == 201, r.text
    again = (await demo_client.get(f"/api/waves/{code}/handoffs", headers=printer)).json()
    assert [(h["received_by"], h["signed_at"]) for h in again] == [("K001", seen[0]["signed_at"])]


async def test_a_courier_may_not_sign_or_report_shortages(
    demo_client: Client, staff: dict[str, dict[str, str]]
) -> None:
    wave = (await start_wave(demo_client, staff["P001"])).json()
    detail = (await demo_client.get(f"/api/waves/{wave['code']}", headers=staff["P001"])).json()
    eid = detail["orders"][0]["eid"]
    courier = await device_for(demo_client, "D001")
    ops = [
        courier.op("pick.sign", eid, {"wave": wave["code"]}),
        courier.op("pick.shortage", eid, {"sku": "X", "qty": 1}),
    ]
    r = await demo_client.post(
        "/api/sync/push",
        content=push_body(ops),
        headers={**courier.headers, "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
    assert [x["status"] for x in r.json()["results"]] == ["rejected", "rejected"]


async def test_the_work_log_counts_a_scanned_signature_once(
    demo_client: Client, staff: dict[str, dict[str, str]]
) -> None:
    wave = (await start_wave(demo_client, staff["P001"])).json()
    detail = (await demo_client.get(f"/api/waves/{wave['code']}", headers=staff["P001"])).json()
    phone = await device_for(demo_client, "K001")
    signs = [phone.op("pick.sign", o["eid"], {"wave": wave["code"]}) for o in detail["orders"]]
    r = await demo_client.post(
        "/api/sync/push",
        content=push_body(signs),
        headers={**phone.headers, "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
    # and online too: still one signature of K001 for this wave
    r = await demo_client.post(
        "/api/waves/handoff", json={"document": wave["pick_list"]}, headers=staff["K001"]
    )
    assert r.status_code == 201, r.text
    log = {
        e["person"]: e
        for e in (await demo_client.get("/api/worklog", headers=staff["M001"])).json()
    }
    assert log["K001"]["handoffs_signed"] == 1
