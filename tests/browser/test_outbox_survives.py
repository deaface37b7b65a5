"""The outbox survives what phones go through, and what it holds lands on the server once.

The network is cut and restored by the fault proxy in front of the server (each phone has
its own lane, tests/support/fault_proxy.py), never by DevTools emulation: the service
worker, Background Sync and a relaunched browser all meet the same dead link.

* every tab closed: the service worker's Background Sync pushes when the network is back;
* the whole browser killed (SIGKILL, persistent profile): still pending after relaunch;
* a service-worker update deployed while ops wait: they survive it and push.

"Landed once" is read from the server's own op log (SQLite), not from the phone.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, expect
from support.chromium import CHROMIUM, FLAGS, PHONE_CONTEXT
from support.fault_proxy import Lane
from support.server_proc import free_port, run_cli, serving

from server.settings import REPO_ROOT

Phone = Any  # tests/browser/conftest.py: Phone (conftest modules are not importable)
SYNC_MS = 15_000


def wait_for(check: Callable[[], bool], timeout: float = 15.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def open_ledger(phone: Phone) -> None:
    phone.go("#/ledger")
    expect(phone.page.get_by_test_id("ledger")).to_be_visible()


# -- 1. Background Sync with every tab closed -------------------------------------------------


def test_background_sync_pushes_with_every_tab_closed(
    phones: Callable[..., Phone],
    phone_on: Callable[..., Phone],
    server_ops: Callable[..., dict[str, int]],
    artifacts: Path,
) -> None:
    phone = phones("K001")
    context: BrowserContext = phone.context
    [(tracking, eid)] = phone.ready_parcels(1)

    phone.offline(True)
    op = phone.scan_out(tracking)
    expect(phone.page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "1")
    # Recording the op armed a one-shot Background Sync ('packline-push'). The link to the
    # server is dead but the browser's network is up, so Chromium fires it at once; the
    # worker keeps the event open and retries (sw.ts) until the push works.
    tags = phone.page.evaluate("navigator.serviceWorker.ready.then(r => r.sync.getTags())")
    assert "packline-push" in tags

    # Every tab of the app closes; only the service worker is left.
    phone.page.close()
    assert context.pages == []
    time.sleep(2)
    assert server_ops(op) == {op: 0}, "nothing can push while offline"

    # The network comes back: the proxy forwards again. Nothing tells the browser (its link
    # never went down): the worker's own retry inside the sync event finds the server, with
    # no page open (no CDP ServiceWorker.dispatchSyncEvent, no DevTools emulation either).
    phone.lane.restore()
    wait_for(lambda: server_ops(op) == {op: 1}, what=f"{op} in the server's op log")
    assert context.pages == [], "no page was opened: the worker pushed on its own"

    # Reopening the app: the worker settled the outbox, so nothing is pushed again.
    reopened = phone_on(context, phone.lane)
    page = reopened.page
    page.goto(phone.base)
    expect(page.get_by_test_id("home")).to_be_visible()
    expect(page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "0")
    open_ledger(reopened)
    expect(page.get_by_test_id("ledger-pending")).to_have_attribute("data-count", "0")
    reopened.go(f"#/order/{eid}")
    expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", "shipped")
    expect(page.get_by_test_id("order-events")).to_have_attribute("data-count", "1")
    assert server_ops(op) == {op: 1}
    reopened.shot(artifacts / "background-sync-order-shipped-zh-CN-360x640.png")
    assert not reopened.errors, reopened.errors
    page.close()


# -- 2. The whole browser killed --------------------------------------------------------------


@dataclass
class OwnDemo:
    """A demo database of this module's own, served by processes the tests start and stop."""

    database: str
    dist: Path

    def enrolment_code(self) -> str:
        out = run_cli(
            "device", "enroll", "--warehouse", "SH01", "--json", "--database", self.database
        )
        assert out.returncode == 0, out.stderr
        code: str = json.loads(out.stdout)["code"]
        return code


@pytest.fixture(scope="module")
def own_demo(tmp_path_factory: pytest.TempPathFactory) -> OwnDemo:
    if not (REPO_ROOT / "pwa" / "dist" / "index.html").is_file():
        pytest.fail("the PWA is not built: run `make build-pwa` (make test does it)")
    root = tmp_path_factory.mktemp("own-demo")
    dist = root / "dist"  # a copy this module may redeploy (test 3)
    shutil.copytree(REPO_ROOT / "pwa" / "dist", dist)
    url = f"sqlite:///{root / 'demo.db'}"
    out = run_cli("demo", "--database", url, "--no-serve")
    assert out.returncode == 0, out.stderr
    return OwnDemo(url, dist)


@pytest.fixture
def on_server(
    own_demo: OwnDemo, op_log_count: Callable[[str, list[str]], dict[str, int]]
) -> Callable[[list[str]], dict[str, int]]:
    """on_server([op_id, …]) → {op_id: copies in this module's own demo's op log}."""
    return lambda ops: op_log_count(own_demo.database, ops)


@contextlib.contextmanager
def serve_on(port: int, demo: OwnDemo) -> Iterator[str]:
    """`packline serve` on a fixed port (the origin must not change across a restart)."""
    with serving(demo.database, port=port, env={"PACKLINE_PWA_DIR": str(demo.dist)}) as base:
        yield base


def browser_pid(profile: Path) -> int:
    """The Chromium browser process (not a renderer or helper) running on this profile."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        args = [a.decode(errors="replace") for a in argv]
        if f"--user-data-dir={profile}" in args and not any(a.startswith("--type=") for a in args):
            return int(entry)
    raise AssertionError(f"no browser process for {profile}")


def kill_browser(profile: Path, context: BrowserContext) -> None:
    """SIGKILL the browser process itself: no unload, no shutdown, no flush on exit."""
    pid = browser_pid(profile)
    os.kill(pid, signal.SIGKILL)

    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with contextlib.suppress(OSError):  # a zombie until Playwright reaps it
            return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
        return True

    wait_for(gone, what="the browser to die")
    with contextlib.suppress(Exception):
        context.close()


def persistent(browser: Browser, profile: Path) -> BrowserContext:
    return browser.browser_type.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=FLAGS,
        headless=True,
        **PHONE_CONTEXT,
        locale="zh-CN",
    )


def test_outbox_survives_a_killed_browser(
    browser: Browser,
    own_demo: OwnDemo,
    lanes: Callable[..., Lane],
    phone_on: Callable[..., Phone],
    on_server: Callable[[list[str]], dict[str, int]],
    tmp_path: Path,
    artifacts: Path,
) -> None:
    profile = tmp_path / "profile"
    port = free_port()
    with serve_on(port, own_demo) as served:
        lane = lanes(served)  # the phone's origin: the same across both server runs
        base = lane.base
        context = persistent(browser, profile)
        phone = phone_on(context, lane).join(own_demo.enrolment_code(), "K001")
        parcels = phone.ready_parcels(2)
        phone.offline(True)
        ops = [phone.scan_out(tracking) for tracking, _ in parcels]
        expect(phone.page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "2")
        kill_browser(profile, context)
    # The server is down too (a dead Wi-Fi, a restarting server): nothing can have landed,
    # and nothing can land while we look, not even through Background Sync at browser start.
    assert on_server(ops) == dict.fromkeys(ops, 0)

    lane.restore()  # the link is back, the server is not: connections reach nothing
    context = persistent(browser, profile)
    try:
        phone = phone_on(context, lane)
        phone.page.goto(base)  # the app shell comes from the service worker's precache
        expect(phone.page.get_by_test_id("home")).to_be_visible()
        expect(phone.page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "2")
        open_ledger(phone)
        pending = phone.page.get_by_test_id("ledger-pending")
        expect(pending).to_have_attribute("data-count", "2")
        for (tracking, _), op in zip(parcels, ops, strict=True):
            item = pending.locator(f'[data-testid=ledger-item][data-op="{op}"]')
            expect(item).to_contain_text(tracking)
        phone.shot(artifacts / "ledger-pending-after-kill-zh-CN-360x640.png")

        # The server is back: each op lands exactly once.
        with serve_on(port, own_demo):
            phone.page.get_by_test_id("sync-now").click()
            expect(phone.page.get_by_test_id("sync-pending")).to_have_attribute(
                "data-count", "0", timeout=SYNC_MS
            )
            wait_for(lambda: on_server(ops) == dict.fromkeys(ops, 1), what="both ops landed")
        assert not phone.errors, phone.errors
    finally:
        context.close()


def test_background_sync_outlives_a_killed_browser(
    browser: Browser,
    enrolment_code: Callable[[], str],
    phone_on: Callable[..., Phone],
    server_ops: Callable[..., dict[str, int]],
    tmp_path: Path,
) -> None:
    """The armed Background Sync is stored with the profile: after the browser is killed and
    started again, it pushes the outbox before anyone opens the app."""
    profile = tmp_path / "profile"
    context = persistent(browser, profile)
    phone = phone_on(context).join(enrolment_code(), "K001")
    [(tracking, _)] = phone.ready_parcels(1)
    phone.offline(True)
    op = phone.scan_out(tracking)
    kill_browser(profile, context)
    assert server_ops(op) == {op: 0}

    # Started again with the network up; no page of the app is opened.
    phone.lane.restore()
    context = persistent(browser, profile)
    try:
        assert all(not p.url.startswith(phone.base) for p in context.pages)
        wait_for(lambda: server_ops(op) == {op: 1}, what=f"{op} pushed by the worker")
    finally:
        context.close()


# -- 3. A service-worker update while ops wait ------------------------------------------------


# Appended to the deployed sw.js: a changed byte makes it a new version for the browser, and
# this lets the test ask the worker in control which version it is.
NEXT_VERSION = """
;self.addEventListener('message', (e) => {
  if (e.data && e.data.type === 'TEST_VERSION') e.ports[0].postMessage('v2')
});
"""
ASK_VERSION = """() => new Promise((resolve) => {
  const ch = new MessageChannel()
  ch.port1.onmessage = (e) => resolve(e.data)
  navigator.serviceWorker.controller.postMessage({ type: 'TEST_VERSION' }, [ch.port2])
  setTimeout(() => resolve('v1'), 2000)
})"""


def test_pending_ops_survive_a_service_worker_update(
    browser: Browser,
    own_demo: OwnDemo,
    lanes: Callable[..., Lane],
    phone_on: Callable[..., Phone],
    on_server: Callable[[list[str]], dict[str, int]],
    artifacts: Path,
) -> None:
    with serve_on(free_port(), own_demo) as served:
        context = browser.new_context(**PHONE_CONTEXT, locale="zh-CN")
        try:
            phone = phone_on(context, lanes(served)).join(own_demo.enrolment_code(), "K001")
            page = phone.page
            # Still the very first visit: the worker took control by clients.claim(), which
            # workbox-window does not count as an update, so main.tsx reloads on its own.
            page.wait_for_function("navigator.serviceWorker.controller !== null")
            assert page.evaluate(ASK_VERSION) == "v1"
            [(tracking, _)] = phone.ready_parcels(1)

            # The push endpoint is unreachable (the rest of the server is up, so the update
            # can be fetched): the op waits in the outbox, retried with backoff.
            context.route("**/api/sync/push", lambda route: route.abort("internetdisconnected"))
            op = phone.scan_out(tracking)
            expect(page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "1")

            # Deploy a new service worker and let the browser find it.
            sw = own_demo.dist / "sw.js"
            sw.write_text(sw.read_text() + NEXT_VERSION)
            page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
            banner = page.locator(".banner-update")
            expect(banner).to_be_visible(timeout=SYNC_MS)
            phone.shot(artifacts / "update-ready-pending-zh-CN-360x640.png")
            with page.expect_navigation():
                banner.get_by_role("button").click()  # skip waiting → new worker → reload
            expect(page.get_by_test_id("home")).to_be_visible()
            page.wait_for_function("navigator.serviceWorker.controller !== null")
            assert page.evaluate(ASK_VERSION) == "v2"

            # The op is still pending under the new worker, and shown on the ledger.
            expect(page.get_by_test_id("sync-pending")).to_have_attribute("data-count", "1")
            open_ledger(phone)
            item = page.locator(f'[data-testid=ledger-item][data-op="{op}"]')
            expect(item).to_contain_text(tracking)
            assert on_server([op]) == {op: 0}

            # The push endpoint is back: the op lands, once.
            context.unroute("**/api/sync/push")
            page.get_by_test_id("sync-now").click()
            expect(page.get_by_test_id("sync-pending")).to_have_attribute(
                "data-count", "0", timeout=SYNC_MS
            )
            wait_for(lambda: on_server([op]) == {op: 1}, what=f"{op} on the server")
            assert not phone.errors, phone.errors
        finally:
            context.close()
