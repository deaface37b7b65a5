"""Command implementations; each returns a process exit code."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import uvicorn
from platformdirs import user_data_path

from server.app import create_app
from server.db.database import Database
from server.db.engine import schema_revision
from server.db.migrate import head_revision, upgrade_to_head
from server.db.url import parse_database_url
from server.demo.loader import DEMO_PIN, demo_is_loaded, load_demo
from server.demo.ops import publish_demo_ops
from server.settings import Settings
from server.sync.services import SyncService


class CommandError(RuntimeError):
    """A command could not do its job; the message tells the operator what to do."""


def _settings(args: argparse.Namespace, **extra: object) -> Settings:
    return Settings.from_env(
        None,
        **extra,
        database_url=getattr(args, "database", None),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
    )


def _check_schema(settings: Settings) -> None:
    database = Database(settings)

    async def current() -> str | None:
        return await schema_revision(database.engine)

    found, head = asyncio.run(current()), head_revision()
    if found != head:
        raise CommandError(
            f"database {database.url.redacted()} is at schema revision {found or 'none'}, "
            f"this Packline needs {head}: run `packline migrate` first"
        )


def _run(settings: Settings) -> int:
    app = create_app(settings)
    print(f"Packline serving on http://{settings.host}:{settings.port}/", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False)
    return 0


def serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    _check_schema(settings)
    return _run(settings)


def migrate(args: argparse.Namespace) -> int:
    settings = _settings(args)
    url = parse_database_url(settings.database_url)
    upgrade_to_head(url)
    print(f"{url.redacted()} is at schema revision {head_revision()}")
    return 0


def _fresh_demo_db() -> str:
    path = user_data_path("packline") / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def demo(args: argparse.Namespace) -> int:
    if not args.database:
        args.database = _fresh_demo_db()
    settings = _settings(args, demo=True)
    upgrade_to_head(parse_database_url(settings.database_url))
    database = Database(settings)
    database.bind()

    async def load() -> bool:
        if await demo_is_loaded():
            return False
        data = await load_demo(database.engine)
        await database.connector.start()
        try:
            await publish_demo_ops(SyncService(database.connector), data)
        finally:
            await database.connector.close()
        return True

    loaded = asyncio.run(load())
    print(
        f"Demo warehouse {'loaded into' if loaded else 'already in'} {database.url.redacted()} "
        f"(staff PIN {DEMO_PIN})",
        flush=True,
    )
    return 0 if args.no_serve else _run(settings)
