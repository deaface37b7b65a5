"""A Web Push message reaches the service worker, shows its text as a notification and
wakes a sync on the open page (driven through DevTools' ServiceWorker.deliverPushMessage:
the real push service is Google's, out of reach of a test)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

Phone = Any  # tests/browser/conftest.py: Phone


def test_a_push_shows_its_text_and_wakes_a_sync(phones: Callable[..., Phone]) -> None:
    phone = phones("D001")
    phone.context.grant_permissions(["notifications"], origin=phone.base)
    cdp = phone.context.new_cdp_session(phone.page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not registrations and time.monotonic() < deadline:
        phone.page.wait_for_timeout(100)
    [registration] = [r for r in registrations if not r.get("isDeleted")]

    pulls: list[str] = []
    phone.page.on("request", lambda r: pulls.append(r.url) if "/api/sync/pull" in r.url else None)
    note = {"v": 1, "topic": "order_changed", "text": "订单有变更，请同步 tmall:T1", "sync": True}
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": registration["scopeURL"].rstrip("/"),
            "registrationId": registration["registrationId"],
            "data": json.dumps(note, ensure_ascii=False),
        },
    )
    shown = phone.page.wait_for_function(
        """() => navigator.serviceWorker.ready
             .then(r => r.getNotifications())
             .then(ns => ns.length ? ns.map(n => [n.title, n.body, n.tag]) : null)""",
        timeout=10_000,
    ).json_value()
    assert shown == [["Packline", note["text"], "order_changed"]]
    deadline = time.monotonic() + 10
    while not pulls and time.monotonic() < deadline:
        phone.page.wait_for_timeout(100)
    assert pulls, "the push did not wake a sync"
