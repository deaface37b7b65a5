"""Real Chromium (Debian's), driven by Playwright, against a real `packline serve`."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from support.chromium import CHROMIUM, FLAGS, PHONE_CONTEXT
from support.demo_data import load_demo, new_enrolment_code
from support.fault_proxy import FaultProxy, Lane
from support.server_proc import serving

from server.settings import REPO_ROOT

ARTIFACTS = REPO_ROOT / "artifacts"
DEMO_PIN = "1234"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from conftest import _unavailable

    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        _unavailable(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo every browser module shares (served in production mode). A module whose
    test changes the day for everyone (a confirmed batch) overrides it with its own."""
    return load_demo(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="session")
def served_demo(demo_database: str) -> Iterator[str]:
    # `packline serve`, not demo mode: devices enrol with a manager's one-time code.
    with serving(demo_database) as base:
        yield base


@pytest.fixture(scope="session")
def enrolment_code(demo_database: str) -> Callable[[], str]:
    """A fresh one-time code, the way a manager gets one on the command line."""
    return lambda warehouse="SH01": new_enrolment_code(demo_database, warehouse)


@pytest.fixture(scope="session")
def fault_proxy() -> Iterator[FaultProxy]:
    """The network between the phones and the server (tests/support/fault_proxy.py)."""
    with FaultProxy() as proxy:
        yield proxy


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# Back online, the app notices on its next call: its probe of the server backs off to 8 s.
BACK_ONLINE_MS = 20_000


class Phone:
    """One browser context = one device: its own IndexedDB, service worker and network (its
    own fault-proxy lane: the app's origin is the lane's, so only this phone goes offline)."""

    def __init__(self, context: BrowserContext, lane: Lane) -> None:
        self.context = context
        self.lane = lane
        self.base = lane.base
        self.page: Page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self) -> None:
        self.page.goto(self.base)
        expect(self.page.get_by_test_id("app-shell")).to_be_visible()
        self.page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        self.page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15_000)

    def enrol(self, code: str) -> None:
        page = self.page
        expect(page.get_by_test_id("enroll")).to_be_visible()
        page.get_by_test_id("enroll-code").fill(code)
        page.get_by_test_id("enroll-submit").click()
        expect(page.get_by_test_id("signin")).to_be_visible()

    def sign_in(self, employee_code: str, pin: str = DEMO_PIN) -> None:
        page = self.page
        page.locator(f'[data-testid=user-item][data-code="{employee_code}"]').click()
        for digit in pin:
            page.locator(f'[data-testid=pin-digit][data-digit="{digit}"]').click()
        page.get_by_test_id("pin-submit").click()
        expect(page.get_by_test_id("home")).to_be_visible()
        # The first sync has landed (and so is in IndexedDB) when the counts show.
        expect(page.get_by_test_id("overview")).to_be_visible(timeout=20_000)

    def join(self, code: str, employee_code: str) -> Phone:
        """Open the app, enrol this device with a one-time code and sign in: ready to work."""
        self.open()
        self.enrol(code)
        self.sign_in(employee_code)
        return self

    def go(self, hash_route: str) -> None:
        self.page.evaluate("h => { location.hash = h }", hash_route)

    def offline(self, off: bool) -> None:
        """Cut this phone's network (its lane refuses and resets connections) or restore it,
        and wait until the app says so."""
        if off:
            self.lane.cut()
        else:
            self.lane.restore()
        expect(self.page.get_by_test_id("net-status")).to_have_attribute(
            "data-online", "false" if off else "true", timeout=BACK_ONLINE_MS
        )

    def pending(self) -> int:
        return int(self.page.get_by_test_id("sync-pending").get_attribute("data-count") or "-1")

    def ready_parcels(self, n: int) -> list[tuple[str, str]]:
        """(tracking, order id) of n labelled parcels waiting for scan-out, as this phone knows."""
        self.go("#/orders?filter=toShip")
        rows = self.page.get_by_test_id("order-row")
        expect(rows.nth(n - 1)).to_be_visible()
        found = [
            (row.get_attribute("data-tracking") or "", row.get_attribute("data-eid") or "")
            for row in (rows.nth(i) for i in range(n))
        ]
        assert all(t and e for t, e in found), found
        return found

    def scan_out(self, tracking: str) -> str:
        """Scan a parcel out on the scan screen (its label, then every item, then the packing
        slip); returns the op id once the op is durable."""
        self.go("#/scan")
        box = self.page.get_by_test_id("scan-input")
        box.fill(tracking)
        box.press("Enter")
        return self.pack(tracking)

    def pack(self, tracking: str, wedge: bool = False) -> str:
        """With the label scanned: scan each item the parcel panel lists (alternating SKUs, so
        no code repeats within the scan screen's bounce window unless it must), confirm the
        slip; the parcel ships. Returns its op id."""
        page = self.page
        result = page.locator(f'[data-testid=scan-result][data-tracking="{tracking}"]')
        expect(result).to_have_attribute("data-kind", "wait-items")
        lines = page.get_by_test_id("parcel-line")
        want = {}
        for i in range(lines.count()):
            row = lines.nth(i)
            want[row.get_attribute("data-sku") or ""] = int(row.inner_text().split("/")[-1])
        order: list[str] = []
        while any(want.values()):
            for sku in list(want):
                if want[sku]:
                    order.append(sku)
                    want[sku] -= 1
        last = ""
        for sku in order:
            if sku == last:
                page.wait_for_timeout(1_600)  # the same code again: a second read, not a bounce
            if wedge:
                page.evaluate("document.activeElement && document.activeElement.blur()")
                page.keyboard.type(sku, delay=5)
                page.keyboard.press("Enter")
            else:
                box = page.get_by_test_id("scan-input")
                box.fill(sku)
                box.press("Enter")
            last = sku
        expect(result).to_have_attribute("data-kind", "wait-slip")
        page.get_by_test_id("slip-in").click()
        expect(result).to_have_attribute("data-kind", "ok")
        op = result.get_attribute("data-op") or ""
        assert op, "the scan result names its op"
        return op

    def shot(self, path: Path) -> None:
        self.page.screenshot(path=str(path))


def server_op_count(database_url: str, op_ids: list[str]) -> dict[str, int]:
    """How many times each op id is in the server's op log (read straight from SQLite)."""
    path = database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return {
            op: int(db.execute("SELECT count(*) FROM op_log WHERE op_id = ?", (op,)).fetchone()[0])
            for op in op_ids
        }


@pytest.fixture
def server_ops(demo_database: str) -> Callable[..., dict[str, int]]:
    """server_ops(op_id, …) → {op_id: copies in the served demo's op log}."""
    return lambda *op_ids: server_op_count(demo_database, list(op_ids))


@pytest.fixture
def op_log_count() -> Callable[[str, list[str]], dict[str, int]]:
    """The same count for another server's database: op_log_count(database_url, [op_id, …])."""
    return server_op_count


@pytest.fixture
def lanes(fault_proxy: FaultProxy, served_demo: str) -> Iterator[Callable[..., Lane]]:
    """lanes(upstream=served_demo) → a fresh fault-proxy lane, closed after the test."""
    made: list[Lane] = []

    def make(upstream: str = served_demo) -> Lane:
        lane = fault_proxy.lane(upstream)
        made.append(lane)
        return lane

    yield make
    for lane in made:
        lane.close()


@pytest.fixture
def phone_on(lanes: Callable[..., Lane]) -> Callable[..., Phone]:
    """Wrap a browser context you made yourself (persistent profile, own server) as a Phone:
    phone_on(context) on a new lane to the served demo, or phone_on(context, lane)."""
    return lambda context, lane=None: Phone(context, lane or lanes())


@pytest.fixture
def phones(
    browser: Browser, lanes: Callable[..., Lane], enrolment_code: Callable[[], str]
) -> Iterator[Callable[..., Phone]]:
    """Factory: an enrolled, signed-in phone per call, each on its own lane (closed after)."""
    made: list[Phone] = []

    def make(employee_code: str, locale: str = "zh-CN") -> Phone:
        phone = Phone(browser.new_context(**PHONE_CONTEXT, locale=locale), lanes())
        made.append(phone)
        return phone.join(enrolment_code(), employee_code)

    yield make
    for phone in made:
        phone.context.close()
    errors = [e for p in made for e in p.errors]
    assert not errors, f"uncaught errors in the page: {errors}"
