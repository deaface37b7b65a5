"""Fixtures of the sync slice's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from server.db import Connector
from server.db.url import parse_database_url
from server.settings import Settings
from server.sync.services import SyncService


@pytest.fixture
async def pair(demo_loaded: Settings) -> AsyncIterator[tuple[SyncService, SyncService]]:
    """Two services on one database: two server processes, as far as the log can tell."""
    url = parse_database_url(demo_loaded.database_url)
    one, two = SyncService(Connector(url, 5_000)), SyncService(Connector(url, 5_000))
    for svc in (one, two):
        await svc.connector.start()
    yield one, two
    for svc in (one, two):
        await svc.connector.close()
