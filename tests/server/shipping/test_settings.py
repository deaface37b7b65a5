"""A warehouse's shipping settings: a manager sets crate handoff slots and promotion mode,
the floor reads them (and gets them with the overview), nobody else changes them."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in

Client = AsyncTestClient[Litestar]
URL = "/api/shipping/settings"


async def test_manager_sets_slots_and_promotion_the_floor_reads_them(demo_client: Client) -> None:
    manager, picker = await sign_in(demo_client, "M001"), await sign_in(demo_client, "K001")
    r = await demo_client.get(URL, headers=picker)
    assert r.status_code == 200, r.text
    assert r.json() == {
        "crate_slots": ["09:30", "14:30", "16:30"],
        "promotion": False,
        "updated_by": None,
    }
    refused = await demo_client.put(
        URL, json={"crate_slots": ["10:00"], "promotion": True}, headers=picker
    )
    assert refused.status_code == 403
    for bad in (
        {"crate_slots": [], "promotion": True},
        {"crate_slots": ["25:00"], "promotion": True},
        {"crate_slots": ["10:00"], "promotion": "yes"},
        {"crate_slots": ["10:00"], "promotion": True, "extra": 1},
    ):
        assert (await demo_client.put(URL, json=bad, headers=manager)).status_code == 400, bad
    r = await demo_client.put(
        URL, json={"crate_slots": ["15:00", "10:00", "10:00"], "promotion": True}, headers=manager
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"crate_slots": ["10:00", "15:00"], "promotion": True, "updated_by": "M001"}
    info = (await demo_client.get("/api/overview?warehouse=SH01", headers=picker)).json()[
        "warehouse"
    ]
    assert info["crate_handoffs"] == ["10:00", "15:00"] and info["promotion"] is True
    assert info["utc_offset_min"] == 480  # Asia/Shanghai


async def test_settings_are_per_warehouse(demo_client: Client) -> None:
    manager = await sign_in(demo_client, "M001")
    r = await demo_client.put(
        URL, json={"crate_slots": ["11:00"], "promotion": True}, headers=manager
    )
    assert r.status_code == 200
    other = await sign_in(demo_client, "H002", warehouse="HZ02")
    assert (await demo_client.get(URL, headers=other)).json()["promotion"] is False
