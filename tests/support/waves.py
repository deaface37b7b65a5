"""Wave-test helpers: Shanghai wall times, new orders and wave starts over HTTP."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import device_for
from support.orders import demo_skus, order_json
from support.wire import push_body

from server.demo.builder import SHANGHAI

Client = AsyncTestClient[Litestar]
DAY = date(2026, 11, 23)


def at(hh: int, mm: int, ss: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=SHANGHAI)


async def new_order(client: Client, headers: dict[str, str], no: str, **over: Any) -> str:
    r = await client.post("/api/orders", json=order_json(no, demo_skus(2), **over), headers=headers)
    assert r.status_code == 201, r.text
    eid: str = r.json()["eid"]
    return eid


async def start_wave(client: Client, headers: dict[str, str], **body: Any) -> Any:
    return await client.post("/api/waves", json=body, headers=headers)


async def scan_out(client: Client, eid: str, tracking: str) -> None:
    """A picker's phone pushes a scan-out of this label; the push itself is accepted."""
    picker = await device_for(client, "K001")
    scan = picker.op("parcel.scan_out", eid, {"tracking": tracking})
    r = await client.post(
        "/api/sync/push",
        content=push_body([scan]),
        headers={**picker.headers, "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
