"""Fixtures shared by the wave tests: a settable server clock and signed-in staff."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in


@pytest.fixture
def clock(demo_client: AsyncTestClient[Litestar]) -> Callable[[datetime], None]:
    def set_to(moment: datetime) -> None:
        demo_client.app.state["orders"].now = lambda: moment.astimezone(UTC)

    return set_to


@pytest.fixture
async def staff(demo_client: AsyncTestClient[Litestar]) -> dict[str, dict[str, str]]:
    return {code: await sign_in(demo_client, code) for code in ("C001", "P001", "K001", "M001")}
