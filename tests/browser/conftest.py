"""Real Chromium (Debian's), driven by Playwright, against a real `packline serve`."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from support.server_proc import run_cli, serving

from server.settings import REPO_ROOT

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
ARTIFACTS = REPO_ROOT / "artifacts"


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
def served_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not (REPO_ROOT / "pwa" / "dist" / "index.html").is_file():
        pytest.fail("the PWA is not built: run `make build-pwa` (make test does it)")
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'demo.db'}"
    out = run_cli("demo", "--database", url, "--no-serve")
    assert out.returncode == 0, out.stderr
    with serving(url) as base:
        yield base


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
