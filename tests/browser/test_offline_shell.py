"""The installed app must open with no network: the service worker serves the shell."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

PHONE = {"width": 360, "height": 640}


def _open_home(page: Page, base: str, employee_code: str) -> None:
    page.goto(base)
    expect(page.get_by_test_id("app-shell")).to_be_visible()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15_000)
    page.locator(f'[data-testid=user-item][data-code="{employee_code}"]').click()
    expect(page.get_by_test_id("home")).to_be_visible()
    # The day's work has arrived (and so is in IndexedDB) before anyone goes offline.
    expect(page.get_by_test_id("overview")).to_be_visible()


def test_offline_reload_shows_the_app_shell(
    browser: Browser, served_demo: str, artifacts: Path
) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    page = context.new_page()
    _open_home(page, served_demo, "K001")
    expect(page.get_by_test_id("home")).to_contain_text("王建国")
    page.screenshot(path=str(artifacts / "home-picker-zh-CN-360x640.png"))

    context.set_offline(True)
    page.reload()
    expect(page.get_by_test_id("app-shell")).to_be_visible()
    # Not the browser's offline page: the app itself, with its data from IndexedDB.
    expect(page.get_by_test_id("overview")).to_be_visible()
    expect(page.get_by_test_id("net-status")).to_have_attribute("data-online", "false")
    offline_fetch = page.evaluate("fetch('/api/health').then(() => 'reached', () => 'failed')")
    assert offline_fetch == "failed"
    page.screenshot(path=str(artifacts / "home-picker-offline-zh-CN-360x640.png"))
    context.close()


def test_language_switch_and_roles(browser: Browser, served_demo: str, artifacts: Path) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    _open_home(page, served_demo, "P001")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.screenshot(path=str(artifacts / "home-printer-en-360x640.png"))
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.screenshot(path=str(artifacts / "home-printer-zh-CN-360x640.png"))
    context.close()
