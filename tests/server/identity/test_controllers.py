"""Identity over HTTP: enrolment, PIN sign-in, throttling, revocation, warehouse scoping."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import bearer, enroll, sign_in

Client = AsyncTestClient[Litestar]


async def _enrolment_code(client: Client, manager: dict[str, str]) -> str:
    r = await client.post("/api/devices/enrollments", json={"label": "PDA 7"}, headers=manager)
    assert r.status_code == 201, r.text
    body = r.json()
    assert "<svg" in body["qr_svg"] and body["qr_svg"].rstrip().endswith("</svg>")
    return str(body["code"])


async def test_code_is_one_time_and_typed_loosely(demo_client: Client) -> None:
    manager = await sign_in(demo_client, "M001")
    code = await _enrolment_code(demo_client, manager)
    typed = code.lower().replace("-", " ")
    first = await demo_client.post("/api/devices/claim", json={"code": typed})
    assert first.status_code == 201
    assert first.json()["warehouse_code"] == "SH01"
    again = await demo_client.post("/api/devices/claim", json={"code": code})
    assert again.status_code == 400
    assert "unknown, used or expired" in again.json()["detail"]


async def test_claim_rejects_unknown_fields_and_bad_codes(demo_client: Client) -> None:
    r = await demo_client.post(
        "/api/devices/claim", json={"code": "ABCD-EFGH", "warehouse": "HZ02"}
    )
    assert r.status_code == 400
    assert (
        await demo_client.post("/api/devices/claim", json={"code": "ABCD-EFGH"})
    ).status_code == 400


async def test_enrolment_needs_a_manager(demo_client: Client) -> None:
    picker = await sign_in(demo_client, "K001")
    r = await demo_client.post("/api/devices/enrollments", json={}, headers=picker)
    assert r.status_code == 403
    device = await enroll(demo_client)
    r = await demo_client.post("/api/devices/enrollments", json={}, headers=bearer(device["token"]))
    assert r.status_code == 401


async def test_login_checks_pin_and_warehouse_and_is_throttled(demo_client: Client) -> None:
    device = bearer((await enroll(demo_client))["token"])
    wrong = {"employee_code": "K002", "pin": "9999"}
    assert (
        await demo_client.post("/api/auth/login", json=wrong, headers=device)
    ).status_code == 401
    # A Hangzhou user cannot sign in on a Shanghai device, even with the right PIN.
    other = {"employee_code": "H001", "pin": "1234"}
    assert (
        await demo_client.post("/api/auth/login", json=other, headers=device)
    ).status_code == 401
    for _ in range(4):
        await demo_client.post("/api/auth/login", json=wrong, headers=device)
    right = {"employee_code": "K002", "pin": "1234"}
    throttled = await demo_client.post("/api/auth/login", json=right, headers=device)
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0
    # Other users on the same device are not locked out by one person's typos.
    assert (
        await demo_client.post(
            "/api/auth/login", json={"employee_code": "K001", "pin": "1234"}, headers=device
        )
    ).status_code == 200


async def test_tokens_are_required_and_checked(demo_client: Client) -> None:
    assert (await demo_client.get("/api/auth/me")).status_code == 401
    assert (await demo_client.get("/api/auth/me", headers=bearer("pls_forged"))).status_code == 401
    assert (
        await demo_client.get("/api/auth/me", headers={"Authorization": "Basic eDp5"})
    ).status_code == 401
    session = await sign_in(demo_client, "K001")
    me = (await demo_client.get("/api/auth/me", headers=session)).json()
    assert me["employee_code"] == "K001" and me["roles"] == ["picker"]
    assert (await demo_client.post("/api/auth/logout", headers=session)).status_code == 200
    assert (await demo_client.get("/api/auth/me", headers=session)).status_code == 401


async def test_revoked_device_is_locked_out_at_once(demo_client: Client) -> None:
    manager = await sign_in(demo_client, "M001")
    device = await enroll(demo_client)
    r = await demo_client.post(
        "/api/auth/login",
        json={"employee_code": "K001", "pin": "1234"},
        headers=bearer(device["token"]),
    )
    picker = bearer(r.json()["token"])
    assert (await demo_client.get("/api/overview", headers=picker)).status_code == 200
    listed = (await demo_client.get("/api/devices", headers=manager)).json()
    assert device["device_id"] in {d["device_id"] for d in listed}
    revoked = await demo_client.post(f"/api/devices/{device['device_id']}/revoke", headers=manager)
    assert revoked.status_code == 200
    assert (await demo_client.get("/api/overview", headers=picker)).status_code == 401
    assert (
        await demo_client.get("/api/auth/staff", headers=bearer(device["token"]))
    ).status_code == 401


async def test_device_list_shows_when_each_device_was_last_seen(demo_client: Client) -> None:
    manager = await sign_in(demo_client, "M001")
    device = await enroll(demo_client)

    def seen() -> str | None:
        [row] = [d for d in listed if d["device_id"] == device["device_id"]]
        value: str | None = row["last_seen_at"]
        return value

    listed = (await demo_client.get("/api/devices", headers=manager)).json()
    assert seen() is None  # enrolled, never used
    assert (await demo_client.get("/api/auth/staff", headers=bearer(device["token"]))).is_success
    for _ in range(40):  # stamped in the background (server/identity/auth.py: note_seen)
        listed = (await demo_client.get("/api/devices", headers=manager)).json()
        if seen() is not None:
            break
        await asyncio.sleep(0.05)
    first = seen()
    assert first is not None
    assert datetime.fromisoformat(first) > datetime.now(UTC) - timedelta(minutes=1)


async def test_managers_cannot_reach_another_warehouse(demo_client: Client) -> None:
    hz_device = await enroll(demo_client, "HZ02")
    sh_manager = await sign_in(demo_client, "M001")
    r = await demo_client.post(f"/api/devices/{hz_device['device_id']}/revoke", headers=sh_manager)
    assert r.status_code == 404
    listed = (await demo_client.get("/api/devices", headers=sh_manager)).json()
    assert hz_device["device_id"] not in {d["device_id"] for d in listed}
    new_user = {
        "employee_code": "X1",
        "name": "x",
        "roles": ["picker"],
        "pin": "1234",
        "warehouse_code": "HZ02",
    }
    assert (
        await demo_client.post("/api/admin/users", json=new_user, headers=sh_manager)
    ).status_code == 403
    admin_user = {**new_user, "warehouse_code": "SH01", "roles": ["admin"]}
    assert (
        await demo_client.post("/api/admin/users", json=admin_user, headers=sh_manager)
    ).status_code == 403
    ok = await demo_client.post(
        "/api/admin/users", json={**new_user, "warehouse_code": "SH01"}, headers=sh_manager
    )
    assert ok.status_code == 201
    staff = (await demo_client.get("/api/auth/staff", headers=sh_manager)).json()
    assert "X1" in {s["employee_code"] for s in staff}
    assert "H001" not in {s["employee_code"] for s in staff}


async def test_demo_routes_do_not_exist_outside_demo_mode(client: Client) -> None:
    assert (await client.get("/api/demo/users")).status_code == 404
    assert (await client.post("/api/demo/enroll", json={})).status_code == 404
