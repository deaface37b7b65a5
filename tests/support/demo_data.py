"""A served demo's database for browser tests: loading one and enrolling devices into it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.server_proc import run_cli, serving

from server.settings import REPO_ROOT


def load_demo(directory: Path) -> str:
    """A demo warehouse loaded by `packline demo --no-serve` into `directory`: its URL."""
    if not (REPO_ROOT / "pwa" / "dist" / "index.html").is_file():
        pytest.fail("the PWA is not built: run `make build-pwa` (make test does it)")
    url = f"sqlite:///{directory / 'demo.db'}"
    out = run_cli("demo", "--database", url, "--no-serve")
    assert out.returncode == 0, out.stderr
    return url


def new_enrolment_code(database_url: str, warehouse: str = "SH01") -> str:
    """A fresh one-time code, the way a manager gets one on the command line."""
    args = ("device", "enroll", "--warehouse", warehouse, "--json", "--database", database_url)
    out = run_cli(*args)
    assert out.returncode == 0, out.stderr
    code: str = json.loads(out.stdout)["code"]
    return code


def own_demo(name: str) -> tuple[Any, Any, Any]:
    """Module-scoped `demo_database`, `served_demo` and `enrolment_code` for a browser module
    whose test changes the day for everyone (a confirmed batch raises ship_failed for every
    unscanned order of a carrier; a desk test expects an empty queue at the end), so that
    the session's shared demo stays as the other modules expect. In the module:
    `demo_database, served_demo, enrolment_code = own_demo("ship")`."""

    @pytest.fixture(scope="module")
    def demo_database(tmp_path_factory: pytest.TempPathFactory) -> str:
        return load_demo(tmp_path_factory.mktemp(name))

    @pytest.fixture(scope="module")
    def served_demo(demo_database: str) -> Iterator[str]:
        with serving(demo_database) as base:
            yield base

    @pytest.fixture(scope="module")
    def enrolment_code(demo_database: str) -> Callable[..., str]:
        return lambda warehouse="SH01": new_enrolment_code(demo_database, warehouse)

    return demo_database, served_demo, enrolment_code
