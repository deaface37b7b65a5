"""Alembic environment (async template): the only way Packline's schema is created or changed.

Like the migrations, it imports nothing from `server/`: a migration must run the same way
whatever today's code looks like. `packline migrate` passes the URL in; plain `alembic`
reads PACKLINE_DATABASE_URL (default: the embedded database in the user's data directory).
"""

from __future__ import annotations

import asyncio
import os

from platformdirs import user_data_path
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

from alembic import context


def _sqlalchemy_url(url: str) -> str:
    """The async driver URL for a Packline database URL (sqlite:///PATH, postgresql://...)."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme == "sqlite":
        return f"sqlite+aiosqlite://{rest.split('?', 1)[0]}"
    if sep and scheme in ("postgresql", "postgres"):
        return f"postgresql+asyncpg://{rest}"
    raise SystemExit(f"PACKLINE_DATABASE_URL: unsupported database URL {scheme!r}")


config = context.config
if not config.get_main_option("sqlalchemy.url"):
    default = f"sqlite:///{user_data_path('packline') / 'packline.db'}"
    url = _sqlalchemy_url(os.environ.get("PACKLINE_DATABASE_URL") or default)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))


def _configure(**kwargs: object) -> None:
    url = config.get_main_option("sqlalchemy.url") or ""
    # SQLite cannot ALTER most things in place; batch mode rebuilds tables instead.
    context.configure(render_as_batch=url.startswith("sqlite"), **kwargs)  # type: ignore[arg-type]


def run_migrations_offline() -> None:
    _configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=None,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    _configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    connectable = async_engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    async with connectable.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await connectable.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        do_run_migrations(connection)
    else:
        asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
