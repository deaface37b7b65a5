"""Fixtures shared by the wave tests: a settable server clock and signed-in staff."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in

from server.app import create_app
from server.orders.services import utcnow
from server.settings import Settings


class Clock:
    """The office clock the app is built with (`create_app(clock=...)`); a test sets it."""

    def __init__(self) -> None:
        self.moment: datetime | None = None

    def __call__(self) -> datetime:
        return self.moment.astimezone(UTC) if self.moment is not None else utcnow()


@pytest.fixture
def office_clock() -> Clock:
    return Clock()


@pytest.fixture
async def demo_client(
    demo_loaded: Settings, office_clock: Clock
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(create_app(demo_loaded, clock=office_clock)) as c:
        yield c


@pytest.fixture
def clock(office_clock: Clock) -> Callable[[datetime], None]:
    def set_to(moment: datetime) -> None:
        office_clock.moment = moment

    return set_to


@pytest.fixture
async def staff(demo_client: AsyncTestClient[Litestar]) -> dict[str, dict[str, str]]:
    return {code: await sign_in(demo_client, code) for code in ("C001", "P001", "K001", "M001")}
