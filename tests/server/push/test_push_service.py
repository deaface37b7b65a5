"""Web Push end to end against a local push service that decrypts what was sent
(SQLite and PostgreSQL): encryption, VAPID claims, retries, 410 cleanup, SSRF refusals."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import device_for, sign_in
from support.push_service import PushServer
from test_push import an_order

from server.app import create_app
from server.db import Connector
from server.db.url import parse_database_url
from server.push.guard import EndpointRefused, check_endpoint
from server.push.payload import MAX_PAYLOAD, Topic, payload
from server.push.services import PushService
from server.settings import Settings

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def push_app(demo_loaded: Settings) -> AsyncIterator[tuple[Client, Litestar]]:
    settings = msgspec.structs.replace(demo_loaded, push_allow_loopback_for_tests=True)
    app = create_app(settings)
    async with AsyncTestClient(app) as client:
        yield client, app


@pytest.fixture
async def push_server() -> AsyncIterator[PushServer]:
    server = PushServer()
    await server.start()
    yield server
    await server.stop()


def _push_service(app: Litestar) -> PushService:
    service = app.dependencies["push_service"].dependency()
    assert isinstance(service, PushService)
    return service


async def _notify(app: Litestar, *args: Any) -> int:
    """service.notify in the app's loop (the test client runs the lifespan, and with it the
    database pool, apart from the test's loop)."""
    service = _push_service(app)
    assert service.worker._loop is not None
    future = asyncio.run_coroutine_threadsafe(service.notify(*args), service.worker._loop)
    return await asyncio.wrap_future(future)


async def _settle(app: Litestar) -> None:
    service = _push_service(app)
    for listener in app.dependencies["sync_service"].dependency().listeners:
        await listener.settle()
    await service.worker.drain()


async def _subscribe(client: Client, headers: dict[str, str], sub: dict[str, Any]) -> int:
    r = await client.post("/api/push/subscriptions", json=sub, headers=headers)
    return r.status_code


async def _subscriptions(settings: Settings) -> list[str]:
    connector = Connector(parse_database_url(settings.database_url))
    await connector.start()
    try:
        return [str(r[0]) for r in await connector.fetch("SELECT endpoint FROM push_subscription")]
    finally:
        await connector.close()


async def _sh01(settings: Settings) -> int:
    connector = Connector(parse_database_url(settings.database_url))
    await connector.start()
    try:
        return int((await connector.fetch("SELECT id FROM warehouse WHERE code = 'SH01'"))[0][0])
    finally:
        await connector.close()


async def test_an_assignment_reaches_the_courier_encrypted_with_fresh_claims(
    push_app: tuple[Client, Litestar], push_server: PushServer
) -> None:
    client, app = push_app
    other = PushServer()
    await other.start()
    try:
        courier = await sign_in(client, "D001")
        key = await client.get("/api/push/key", headers=courier)
        assert len(key.json()["key"]) == 87  # 65-byte P-256 point, base64url
        assert await _subscribe(client, courier, push_server.subscription("d001")) == 201
        # The same courier's second browser, on another push service (another origin).
        assert await _subscribe(client, courier, other.subscription("d001-tab")) == 201
        bystander = await sign_in(client, "D002")
        assert await _subscribe(client, bystander, push_server.subscription("d002")) == 201

        manager = await device_for(client, "M001")
        for _ in range(2):
            order = await an_order(client, manager, "printed")
            r = await client.post(
                "/api/dispatch/routes",
                json={"eid": order["eid"], "courier": "D001"},
                headers=manager.headers,
            )
            assert r.status_code == 200
        await _settle(app)
    finally:
        await other.stop()
    got = push_server.received + other.received
    assert sorted(g.token for g in got) == ["d001", "d001", "d001-tab", "d001-tab"]
    message = push_server.received[0]
    assert message.plaintext == {
        "v": 1,
        "topic": "new_assignment",
        "sync": True,
        "text": f"新派送任务 {order['eid']}",
    }
    assert message.size <= MAX_PAYLOAD
    assert message.headers["Content-Encoding"] == "aes128gcm"
    # pywebpush writes aud into the claims dict: a shared dict would carry the first
    # service's origin to the second. Each got its own, and a future expiry.
    assert {g.claims["aud"] for g in push_server.received} == {push_server.origin}
    assert {g.claims["aud"] for g in other.received} == {other.origin}
    assert all(g.claims["exp"] > time.time() and g.claims["sub"].startswith("mailto:") for g in got)


async def test_gone_subscriptions_are_deleted_and_busy_services_are_retried(
    push_app: tuple[Client, Litestar], push_server: PushServer, demo_loaded: Settings
) -> None:
    client, app = push_app
    service = _push_service(app)
    service.worker.backoff_s = 0.01
    cs = await sign_in(client, "C001")
    cs2 = await sign_in(client, "C002")
    gone, busy = push_server.subscription("gone"), push_server.subscription("busy")
    assert await _subscribe(client, cs, gone) == 201
    assert await _subscribe(client, cs2, busy) == 201
    push_server.answers["gone"].append(410)
    push_server.answers["busy"].extend([503, 429])
    assert await _notify(app, await _sh01(demo_loaded), Topic.SHORTAGE, "ORD-1") == 2
    await _settle(app)
    assert await _subscriptions(demo_loaded) == [busy["endpoint"]]
    assert [r.token for r in push_server.received] == ["busy"]
    assert push_server.hits["busy"] == 3
    counters = service.worker.counters
    assert (counters.sent, counters.gone, counters.retried, counters.failed) == (1, 1, 2, 0)


async def test_a_redirect_is_refused(
    push_app: tuple[Client, Litestar], push_server: PushServer, demo_loaded: Settings
) -> None:
    client, app = push_app
    service = _push_service(app)
    cs = await sign_in(client, "C001")
    moved, target = push_server.subscription("moved"), push_server.subscription("target")
    assert await _subscribe(client, cs, moved) == 201
    push_server.answers["moved"].append((301, target["endpoint"]))
    await _notify(app, await _sh01(demo_loaded), Topic.FAILED_DELIVERY, "ORD-2")
    await _settle(app)
    assert push_server.hits == {"moved": 1}
    assert service.worker.counters.failed == 1


REFUSED = [
    "http://169.254.169.254/latest/meta-data/",
    "https://169.254.169.254/",
    "http://fcm.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com:8443/fcm/send/x",
    "https://fcm.googleapis.com.evil.example/x",
    "https://user:pw@fcm.googleapis.com/fcm/send/x",
    "https://localhost/x",
    "http://127.0.0.1:9/push/x",
    "file:///etc/passwd",
    "not a url",
]
ACCEPTED = [
    "https://fcm.googleapis.com/fcm/send/abc:def",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAA",
    "https://web.push.apple.com/QGx",
    "https://wns2-by3p.notify.windows.com/w/?token=AwY",
]


@pytest.mark.parametrize("endpoint", REFUSED)
def test_the_guard_refuses_endpoints_off_the_allowlist(endpoint: str) -> None:
    with pytest.raises(EndpointRefused):
        check_endpoint(endpoint)


def test_loopback_is_allowed_only_by_the_test_setting() -> None:
    assert check_endpoint("http://127.0.0.1:9/push/x", allow_loopback=True)
    with pytest.raises(EndpointRefused):
        check_endpoint("http://169.254.169.254/", allow_loopback=True)


async def test_production_subscriptions_take_only_known_push_services(
    demo_client: Client, demo_loaded: Settings
) -> None:
    courier = await sign_in(demo_client, "D001")
    for endpoint in REFUSED:
        sub = {"endpoint": endpoint, "keys": {"p256dh": "BAAA", "auth": "AAAA"}}
        r = await demo_client.post("/api/push/subscriptions", json=sub, headers=courier)
        assert (r.status_code, r.json()["extra"]["code"]) == (422, "endpoint_refused"), endpoint
    for endpoint in ACCEPTED:
        sub = {"endpoint": endpoint, "keys": {"p256dh": "BAAA", "auth": "AAAA"}}
        r = await demo_client.post("/api/push/subscriptions", json=sub, headers=courier)
        assert r.status_code == 201, r.text
    assert sorted(await _subscriptions(demo_loaded)) == sorted(ACCEPTED)


async def test_the_vapid_key_is_kept_private_and_stable(demo_loaded: Settings) -> None:
    first = create_app(demo_loaded).dependencies["push_public_key"].dependency()
    again = create_app(demo_loaded).dependencies["push_public_key"].dependency()
    assert first == again
    key_file = demo_loaded.data_path / "push" / "vapid_private.pem"
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_every_payload_fits_and_carries_no_data() -> None:
    for topic in Topic:
        data = payload(topic, "X" * 5000)
        assert len(data) <= MAX_PAYLOAD
        assert set(msgspec.json.decode(data)) == {"v", "topic", "text", "sync"}
