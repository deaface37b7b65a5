"""The installed app must open with no network: the service worker serves the shell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

Phone = Any  # tests/browser/conftest.py: Phone (conftest modules are not importable)


def test_offline_reload_shows_the_app_shell(phones: Callable[..., Phone], artifacts: Path) -> None:
    phone = phones("K001")
    page = phone.page
    expect(page.get_by_test_id("home")).to_contain_text("王建国")
    expect(page.get_by_test_id("home")).to_have_attribute("data-role", "picker")
    phone.shot(artifacts / "home-picker-zh-CN-360x640.png")

    phone.offline(True)
    page.reload()
    expect(page.get_by_test_id("app-shell")).to_be_visible()
    # Not the browser's offline page: the app itself, signed in, with its data from IndexedDB.
    expect(page.get_by_test_id("home")).to_contain_text("王建国")
    expect(page.get_by_test_id("overview")).to_be_visible()
    expect(page.get_by_test_id("net-status")).to_have_attribute("data-online", "false")
    offline_fetch = page.evaluate("fetch('/api/health').then(() => 'reached', () => 'failed')")
    assert offline_fetch == "failed"
    phone.shot(artifacts / "home-picker-offline-zh-CN-360x640.png")

    # The local replica serves the work screens offline too.
    phone.go("#/orders")
    expect(page.get_by_test_id("order-row").first).to_be_visible()
    phone.shot(artifacts / "orders-picker-offline-zh-CN-360x640.png")


def test_language_switch_and_roles(phones: Callable[..., Phone], artifacts: Path) -> None:
    phone = phones("P001", locale="en-US")
    page = phone.page
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.get_by_test_id("home")).to_have_attribute("data-role", "printer")
    expect(page.get_by_test_id("overview")).to_contain_text("Print waves")
    # A printer has no scan-out screen; it is not offered.
    expect(page.get_by_test_id("go-scan")).to_have_count(0)
    phone.shot(artifacts / "home-printer-en-360x640.png")
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_test_id("overview")).to_contain_text("打单批次")
    phone.shot(artifacts / "home-printer-zh-CN-360x640.png")

    # A shared handheld: the next person signs in without enrolling the device again.
    page.get_by_test_id("switch-user").click()
    expect(page.get_by_test_id("signin")).to_be_visible()
    phone.shot(artifacts / "signin-zh-CN-360x640.png")
    phone.sign_in("K003")
    expect(page.get_by_test_id("who")).to_have_text("赵磊")
    # Two roles: picker first, and a tab to switch to the packer's view.
    expect(page.get_by_test_id("home")).to_have_attribute("data-role", "picker")
    page.get_by_role("tab", name="打包人").click()
    expect(page.get_by_test_id("home")).to_have_attribute("data-role", "packer")
    expect(page.get_by_test_id("overview")).to_contain_text("木箱交接时间")
    expect(page.get_by_test_id("go-scan")).to_have_count(0)  # scan-out is on the picker tab
    page.get_by_role("tab", name="备货员·发货员").click()
    expect(page.get_by_test_id("go-scan")).to_be_visible()
