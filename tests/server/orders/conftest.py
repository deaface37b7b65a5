"""Fixtures shared by the orders tests: the demo database and a signed-in CS client."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in

from server.settings import Settings


@pytest.fixture
def url(demo_loaded: Settings) -> str:
    return demo_loaded.database_url


@pytest.fixture
async def cs(demo_client: AsyncTestClient[Litestar]) -> AsyncTestClient[Litestar]:
    demo_client.headers.update(await sign_in(demo_client, "C001"))
    return demo_client
