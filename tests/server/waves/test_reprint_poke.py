"""A customer-service change to a printed order tells the printer at once (domain: "the
printer is told if the order is already printed"): needs-reprint is set, and a printer device
of that warehouse, listening on the live stream, is poked within a second and pulls the flag.

A real `packline serve` process, because SSE needs a network (see tests/server/sync).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_server import LiveServer, device_at, stream
from support.auth import Device
from support.wire import BOOTSTRAP, pull_url

from server.settings import Settings


@pytest.fixture
async def live(demo_loaded: Settings, tmp_path: Path) -> AsyncIterator[str]:
    server = LiveServer(demo_loaded.database_url, tmp_path / "server.log")
    server.start()
    try:
        yield await server.healthy()
    finally:
        server.stop()


async def _json(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


async def _cursor(client: httpx.AsyncClient, base: str, dev: Device) -> int:
    body = await _json(await client.get(f"{base}{BOOTSTRAP}", headers=dev.headers))
    return int(body["cursor"])


async def test_change_after_print_marks_needs_reprint_and_pokes_the_printer(
    live: str,
) -> None:
    base = live
    async with httpx.AsyncClient(timeout=10) as client:
        printer = await device_at(client, base, "P001")
        cs = await device_at(client, base, "C001")
        elsewhere = await device_at(client, base, "H001", "HZ02")
        wave = await _json(
            await client.post(f"{base}/api/waves", json={}, headers=printer.headers), 201
        )
        detail = await _json(
            await client.get(f"{base}/api/waves/{wave['code']}", headers=printer.headers)
        )
        eid = detail["orders"][0]["eid"]
        cursor = await _cursor(client, base, printer)

        async with stream(client, base, printer) as events, stream(client, base, elsewhere) as hz:
            started = time.monotonic()
            changed = await _json(
                await client.post(
                    f"{base}/api/orders/{eid}/address",
                    json={"address_detail": "改：科技园北路 1 号"},
                    headers=cs.headers,
                )
            )
            # (a) the order is marked needs-reprint ...
            assert changed["needs_reprint"] is True
            # (b) ... and the printer hears of it at once, not at its next poll.
            poke = await events.next("poke", within=1.0)
            assert time.monotonic() - started < 1.0
            assert poke["cursor"] > cursor
            with pytest.raises(TimeoutError):
                await hz.next("poke", within=0.3)  # another warehouse is not disturbed

        # What the poke tells the printer to pull carries the flag for that order.
        pulled = await _json(await client.get(f"{base}{pull_url(cursor)}", headers=printer.headers))
        flags = [
            op
            for op in pulled["ops"]
            if op["eid"] == eid
            and op["kind"] == "order.set_field"
            and op["payload"] == {"field": "needs_reprint", "value": True}
        ]
        assert len(flags) == 1 and flags[0]["actor"] == "C001"
        assert pulled["cursor"] >= poke["cursor"]
        order = await _json(await client.get(f"{base}/api/orders/{eid}", headers=printer.headers))
        assert order["needs_reprint"] is True
        # Its stale label no longer prints until the printer reprints it.
        r = await client.get(f"{base}/api/orders/{eid}/label", headers=printer.headers)
        assert r.status_code == 409 and "reprint" in r.text
