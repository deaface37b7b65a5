"""The fleet bench's databases: throwaway SQLite files and PostgreSQL databases, copies of a
set-up one for each run, and the schema plus the first staff, made as the CLI makes them."""

from __future__ import annotations

import asyncio
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from _common import PG_URL

from server.db.database import Database
from server.db.migrate import upgrade_to_head
from server.db.url import parse_database_url
from server.identity import admin
from server.roles import Role
from server.settings import Settings

WAREHOUSE = "FL01"
MANAGER = "FL-MGR"
PIN = "1234"
CACHE_DIR = Path(tempfile.gettempdir()) / "packline-fleet-cache"


def _pg_url(name: str) -> str:
    return f"{PG_URL.rsplit('/', 1)[0]}/{name}"


def db_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


async def _pg_admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_URL, timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _analyze(url: str) -> None:
    conn = await asyncpg.connect(url, timeout=10)
    try:
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


class Databases:
    """Throwaway databases of one bench run; `clone` copies a set-up one for each run."""

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.tmp = Path(tempfile.mkdtemp(prefix="packline-fleet-"))
        self.pg_names: list[str] = []
        self.tag = secrets.token_hex(4)

    def new(self, name: str, cache: str | None = None) -> str:
        """A new empty database; with `cache`, one kept after the run under that name."""
        if self.backend == "sqlite":
            folder = CACHE_DIR / cache if cache else self.tmp
            folder.mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{folder / (name + '.db')}"
        full = f"packline_fleet_{cache or self.tag}_{name}"
        if cache:
            asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{full}" WITH (FORCE)'))
        asyncio.run(_pg_admin(f'CREATE DATABASE "{full}"'))
        if not cache:
            self.pg_names.append(full)
        return _pg_url(full)

    def clone(self, url: str, name: str) -> str:
        """A copy of a database no server is using."""
        if self.backend == "sqlite":
            src = Path(url.split("///", 1)[1])
            db = sqlite3.connect(src)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
            dst = self.tmp / (name + ".db")
            for p in dst.parent.glob(dst.name + "*"):
                p.unlink()
            shutil.copyfile(src, dst)
            return f"sqlite:///{dst}"
        full = f"packline_fleet_{self.tag}_{name}"
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{full}" WITH (FORCE)'))
        asyncio.run(_pg_admin(f'CREATE DATABASE "{full}" TEMPLATE "{db_name(url)}"'))
        if full not in self.pg_names:
            self.pg_names.append(full)
        # A copy starts with no record of the rows inserted since the last ANALYZE, so
        # autovacuum would not analyze it for a long while: planner statistics as a live
        # database would have them (stale ones made pull scan the whole warehouse per page).
        asyncio.run(_analyze(_pg_url(full)))
        return _pg_url(full)

    def drop(self, url: str) -> None:
        if self.backend == "sqlite":
            path = Path(url.split("///", 1)[1])
            for p in path.parent.glob(path.name + "*"):
                p.unlink()
        else:
            asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{db_name(url)}" WITH (FORCE)'))

    def close(self) -> None:
        for name in self.pg_names:
            asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        shutil.rmtree(self.tmp, ignore_errors=True)


@contextmanager
def databases(backend: str) -> Iterator[Databases]:
    dbs = Databases(backend)
    try:
        yield dbs
    finally:
        dbs.close()


def prepare(url: str, with_manager: bool = True) -> str | None:
    """Schema (Alembic, as `packline migrate`), the warehouse, its manager and a one-time
    enrolment code for the office device, as `packline warehouse|user|device` do: the
    same functions, called in this process (a CLI process per step costs seconds of
    imports each on a busy 2-core machine)."""
    upgrade_to_head(parse_database_url(url))

    async def staff() -> str | None:
        Database(Settings.from_env({}, database_url=url)).bind()
        await admin.add_warehouse(WAREHOUSE, "Fleet bench warehouse")
        if not with_manager:
            return None
        await admin.add_user(WAREHOUSE, MANAGER, "经理", [Role.MANAGER], PIN)
        return (await admin.create_enrollment(WAREHOUSE, "office", "bench")).code

    return asyncio.run(staff())


async def warehouse_id(url: str) -> int:
    """The warehouse's row id, which op_log rows carry (the API only shows its code)."""
    sql = "SELECT id FROM warehouse WHERE code = "
    if url.startswith("sqlite"):
        db = sqlite3.connect(url.split("///", 1)[1])
        try:
            return int(db.execute(sql + "?", [WAREHOUSE]).fetchone()[0])
        finally:
            db.close()
    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval(sql + "$1", WAREHOUSE))
    finally:
        await conn.close()
