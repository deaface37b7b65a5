"""How every browser test launches Debian's Chromium (never a Playwright-downloaded one)."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 640}
# A test phone's browser context: a touch screen of PHONE's size (add its locale).
PHONE_CONTEXT = {"viewport": PHONE, "has_touch": True, "is_mobile": True}
