"""Shared fixtures: real SQLite files and real PostgreSQL databases, never mocks."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path

import asyncpg
import hypothesis
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from server.app import create_app
from server.db import Connector
from server.db.database import Database
from server.db.migrate import upgrade_to_head
from server.db.url import parse_database_url
from server.demo.builder import SHANGHAI
from server.demo.loader import load_demo
from server.demo.ops import publish_demo_ops
from server.settings import Settings
from server.sync.services import SyncService

# CI runs every property at least 1,000 times (`make test` selects "ci"); "dev" is for quick loops.
hypothesis.settings.register_profile("ci", max_examples=1000, deadline=None, print_blob=True)
hypothesis.settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

PG_URL = os.environ.get("PACKLINE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# The longest tests, started first so that under pytest-xdist (`make pytest` runs several
# workers) no worker is left alone with one of them at the end. Path prefixes; order only.
LONG_FIRST = (
    "tests/server/test_object_access.py",
    "tests/server/test_schemathesis.py",
    "tests/server/sync/test_push_fuzz.py",
    "tests/server/orders/test_import_isolation.py",
    "tests/server/cli/test_commands.py",
    "tests/server/sync/test_compaction.py",
    "tests/server/sync/test_crash.py",
    "tests/server/sync/test_stream",
    "tests/server/identity/test_throttle.py",
)


def _order(item: pytest.Item) -> tuple[bool, bool]:
    path = item.path.as_posix()
    return "tests/browser/" in path, not any(f"/{p}" in path for p in LONG_FIRST)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in the main
    thread for the session, and fixtures elsewhere drive asyncio with asyncio.run. (xdist
    hands each worker its tests in this order, so on every worker they still come last.)

    Under xdist (`--dist loadgroup`) a browser module stays on one worker, in file order:
    its tests share module fixtures (a served demo of their own) and may build on each other.
    """
    items.sort(key=_order)
    if config.pluginmanager.hasplugin("xdist"):
        for item in items:
            if "tests/browser/" in item.path.as_posix():
                item.add_marker(pytest.mark.xdist_group(item.path.stem))


def _unavailable(reason: str) -> None:
    """Outside CI a missing service skips; in CI it fails, so green always means tested."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)")
    pytest.skip(reason)


async def _pg_admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_URL, timeout=30)  # 5 s ran out with xdist on a busy box
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_available() -> bool:
    try:
        asyncio.run(_pg_admin("SELECT 1"))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        _unavailable(f"PostgreSQL not reachable at {PG_URL}: {exc}")
    return True


_FROM_DEMO_TEMPLATE: set[str] = set()


@pytest.fixture
def pg_database(pg_available: bool, request: pytest.FixtureRequest) -> Iterator[str]:
    """A throwaway database on the test server, so tests never see each other's rows.

    A test that asks for the demo warehouse (demo_loaded) gets its database created straight
    from the demo template: creating an empty one only to drop and re-create it cost ~1 s
    per PostgreSQL test, on nearly 200 of them.
    """
    name = f"packline_t_{uuid.uuid4().hex[:12]}"
    if "demo_loaded" in request.fixturenames:
        template = request.getfixturevalue("pg_demo_template")
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        _FROM_DEMO_TEMPLATE.add(name)
    else:
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    base = PG_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        _FROM_DEMO_TEMPLATE.discard(name)
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def sqlite_database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'packline.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    fixture = "sqlite_database" if request.param == "sqlite" else "pg_database"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def migrated_url(database_url: str) -> str:
    upgrade_to_head(parse_database_url(database_url))
    return database_url


@pytest.fixture
def pwa_dir(tmp_path: Path) -> str:
    pwa = tmp_path / "pwa"
    (pwa / "assets").mkdir(parents=True)
    (pwa / "index.html").write_text("<!doctype html><div data-testid=app-shell></div>")
    (pwa / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    (pwa / "assets" / "index-abc123.js").write_text("console.log(1)")
    (pwa / "assets" / "zxing_reader-abc123.wasm").write_bytes(b"\0asm\1\0\0\0")
    (pwa / "manifest.webmanifest").write_text("{}")
    return str(pwa)


def _settings_for(url: str, pwa_dir: str, **extra: object) -> Settings:
    extra.setdefault("data_dir", str(Path(pwa_dir).parent / "data"))
    return Settings.from_env({}, database_url=url, pwa_dir=pwa_dir, max_body_bytes=65_536, **extra)


@pytest.fixture
def settings(migrated_url: str, pwa_dir: str) -> Settings:
    return _settings_for(migrated_url, pwa_dir)


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app) as c:
        yield c


DEMO_NOW = datetime(2026, 11, 23, 15, 30, tzinfo=SHANGHAI)


async def _load_demo(url: str) -> None:
    settings = Settings.from_env({}, database_url=url)
    database = Database(settings)
    database.bind()
    data = await load_demo(database.engine, DEMO_NOW)
    sync = SyncService(Connector(database.url, settings.sqlite_busy_timeout_ms))
    await sync.connector.start()
    try:
        await publish_demo_ops(sync, data)
    finally:
        await sync.connector.close()


@pytest.fixture(scope="session")
def sqlite_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse built once; each test gets a copy of the file."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    url = f"sqlite:///{path}"
    upgrade_to_head(parse_database_url(url))
    asyncio.run(_load_demo(url))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def pg_demo_template(pg_available: bool) -> Iterator[str]:
    name = f"packline_tpl_{uuid.uuid4().hex[:12]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    url = f"{PG_URL.rsplit('/', 1)[0]}/{name}"
    try:
        upgrade_to_head(parse_database_url(url))
        asyncio.run(_load_demo(url))
        yield name
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def demo_loaded(database_url: str, pwa_dir: str, request: pytest.FixtureRequest) -> Settings:
    """A private copy of the demo warehouse (demo mode on), ready before the app starts."""
    url = parse_database_url(database_url)
    if url.kind == "sqlite":
        assert url.sqlite_path is not None
        shutil.copyfile(request.getfixturevalue("sqlite_demo_template"), url.sqlite_path)
    elif url.database not in _FROM_DEMO_TEMPLATE:  # demo_loaded asked for late, by name
        template = request.getfixturevalue("pg_demo_template")
        asyncio.run(_pg_admin(f'DROP DATABASE "{url.database}"'))
        asyncio.run(_pg_admin(f'CREATE DATABASE "{url.database}" TEMPLATE "{template}"'))
    return _settings_for(database_url, pwa_dir, demo=True)


@pytest.fixture
async def demo_client(demo_loaded: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(create_app(demo_loaded)) as c:
        yield c
