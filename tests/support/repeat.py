"""Run every selected test REPEAT times in one session, to show a test is not flaky
(pytest-repeat is not a dependency). Off unless REPEAT is set; loaded only when asked for:

    REPEAT=20 uv run pytest -p support.repeat tests/browser/test_outbox_survives.py \
        -k every_tab_closed

Each repetition is its own test item (`[0]` … `[19]`) with fresh function-scoped fixtures.
"""

from __future__ import annotations

import os

import pytest


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    n = int(os.environ.get("REPEAT", "0"))
    if n > 0:
        metafunc.fixturenames.append("_repeat")
        metafunc.parametrize("_repeat", range(n))
