"""Sign in the way a phone does: enrol a device, then log in with employee code and PIN."""

from __future__ import annotations

from typing import Any

import httpx
from litestar.testing import AsyncTestClient

DEMO_PIN = "1234"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def enroll(client: AsyncTestClient[Any], warehouse: str = "SH01") -> dict[str, str]:
    """A device token via demo mode's code-less enrolment."""
    r = await client.post("/api/demo/enroll", json={"warehouse_code": warehouse, "label": "test"})
    assert r.status_code == 201, r.text
    body: dict[str, str] = r.json()
    return body


async def sign_in(
    client: AsyncTestClient[Any], employee_code: str, warehouse: str = "SH01", pin: str = DEMO_PIN
) -> dict[str, str]:
    device = await enroll(client, warehouse)
    r = await client.post(
        "/api/auth/login",
        json={"employee_code": employee_code, "pin": pin},
        headers=bearer(device["token"]),
    )
    assert r.status_code == 200, r.text
    return bearer(r.json()["token"])


class Device:
    """A simulated handheld: its own id, seq counter and hybrid clock, like the PWA's."""

    def __init__(self, device_id: str, headers: dict[str, str], actor: str) -> None:
        from sync import Clock

        self.device_id = device_id
        self.headers = headers
        self.actor = actor
        self.clock = Clock(device_id)
        self.seq = 0

    def op(
        self, kind: str, eid: str, payload: dict[str, Any], etype: str = "order", **over: Any
    ) -> Any:
        from sync import Op

        self.seq += 1
        hlc = self.clock.now()
        fields: dict[str, Any] = {
            "device": self.device_id,
            "seq": self.seq,
            "wall": hlc.wall,
            "ctr": hlc.ctr,
            "actor": self.actor,
            "kind": kind,
            "etype": etype,
            "eid": eid,
            "payload": payload,
        }
        fields.update(over)
        return Op(**fields)


async def device_for(
    client: AsyncTestClient[Any], employee_code: str, warehouse: str = "SH01"
) -> Device:
    device = await enroll(client, warehouse)
    r = await client.post(
        "/api/auth/login",
        json={"employee_code": employee_code, "pin": DEMO_PIN},
        headers=bearer(device["token"]),
    )
    assert r.status_code == 200, r.text
    return Device(device["device_id"], bearer(r.json()["token"]), employee_code)


def sign_in_http(client: httpx.Client, employee_code: str, warehouse: str = "SH01") -> str:
    """A session token from a real server in demo mode (tests/support/server_proc.py)."""
    r = client.post("/api/demo/enroll", json={"warehouse_code": warehouse, "label": "test"})
    assert r.status_code == 201, r.text
    r = client.post(
        "/api/auth/login",
        json={"employee_code": employee_code, "pin": DEMO_PIN},
        headers=bearer(r.json()["token"]),
    )
    assert r.status_code == 200, r.text
    token: str = r.json()["token"]
    return token
