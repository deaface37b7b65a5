"""The handoff sheet 订单交接表, the work log 工作记录 and who may run waves."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in
from support.waves import start_wave

Client = AsyncTestClient[Litestar]


async def test_handoff_sheet_and_work_log(
    demo_client: Client, staff: dict[str, dict[str, str]]
) -> None:
    printer, picker, manager = staff["P001"], staff["K001"], staff["M001"]
    r = await start_wave(demo_client, printer)  # on demand, on the real clock
    assert r.status_code == 201
    wave = r.json()
    assert wave["code"].endswith("-D") and wave["slot"] is None
    r = await demo_client.post(
        "/api/waves/handoff", json={"document": wave["pick_list"]}, headers=picker
    )
    assert r.status_code == 201, r.text
    sheet = r.json()
    assert (sheet["handed_by"], sheet["received_by"]) == ("P001", "K001")
    assert sheet["order_count"] == wave["order_count"]
    again = await demo_client.post(
        "/api/waves/handoff", json={"document": wave["sort_list"]}, headers=picker
    )
    assert again.status_code == 409
    r = await demo_client.post("/api/waves/handoff", json={"document": "XX-1"}, headers=picker)
    assert r.status_code == 400
    seen = (await demo_client.get(f"/api/waves/{wave['code']}/handoffs", headers=printer)).json()
    assert [h["received_by"] for h in seen] == ["K001"]

    eid = (await demo_client.get(f"/api/waves/{wave['code']}", headers=printer)).json()["orders"][
        0
    ]["eid"]
    await demo_client.post(f"/api/orders/{eid}/reprint", json={}, headers=printer)
    log = {e["person"]: e for e in (await demo_client.get("/api/worklog", headers=manager)).json()}
    assert log["P001"]["waves"] == 1
    assert log["P001"]["wave_orders"] == wave["order_count"]
    assert log["P001"]["labels_printed"] == wave["order_count"]
    assert log["P001"]["reprints"] == 1 and log["P001"]["voids"] == 1
    assert log["K001"]["handoffs_signed"] == 1
    mine = (await demo_client.get("/api/worklog", headers=picker)).json()
    assert [e["person"] for e in mine] == ["K001"]
    r = await demo_client.get("/api/worklog?person=P001", headers=picker)
    assert r.status_code == 403


async def test_who_may_run_waves(demo_client: Client, staff: dict[str, dict[str, str]]) -> None:
    picker, printer = staff["K001"], staff["P001"]
    assert (await start_wave(demo_client, picker)).status_code == 403
    code = (await start_wave(demo_client, printer)).json()["code"]
    hz = await sign_in(demo_client, "H001", warehouse="HZ02")
    assert (await demo_client.get(f"/api/waves/{code}", headers=hz)).status_code == 404
    path = f"/api/waves/{code}/documents/pick-list"
    assert (await demo_client.get(path, headers=hz)).status_code == 404
    assert (await demo_client.get(path, headers=picker)).status_code == 403
    r = await demo_client.put("/api/waves/schedule", json={"times": ["09:00"]}, headers=printer)
    assert r.status_code == 403
    r = await demo_client.put(
        "/api/waves/schedule", json={"times": ["17:30", "09:00"]}, headers=staff["M001"]
    )
    assert r.status_code == 200 and r.json()["times"] == ["09:00", "17:30"]
    r = await demo_client.put(
        "/api/waves/schedule", json={"times": ["9:00"]}, headers=staff["M001"]
    )
    assert r.status_code == 400
    r = await start_wave(demo_client, printer, slot="16:00")
    assert r.status_code == 409 and "not a wave time" in r.text
