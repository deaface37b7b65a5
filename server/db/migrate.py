"""Programmatic Alembic, so `packline migrate`, `packline demo` and tests share one path."""

from __future__ import annotations

import sqlite3
from functools import cache
from typing import TYPE_CHECKING

from server.db.url import DatabaseURL
from server.settings import REPO_ROOT

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = REPO_ROOT / "alembic"


def alembic_config(url: DatabaseURL) -> Config:
    # Alembic (and SQLAlchemy under it) costs over a second to import; only migrations need it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("sqlalchemy.url", url.sqlalchemy_url.replace("%", "%%"))
    return config


@cache
def head_revision() -> str | None:
    """The newest revision on disk; files do not change under a running process."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(SCRIPT_LOCATION))
    return script.get_current_head()


def prepare_sqlite(url: DatabaseURL, busy_timeout_ms: int = 5_000) -> None:
    """Create the file's directory and switch it to WAL, which persists in the file itself.

    WAL lets readers (pulls, dashboards) run while a push is writing.
    """
    assert url.sqlite_path is not None
    url.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(url.sqlite_path, timeout=busy_timeout_ms / 1000) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")


def upgrade_to_head(url: DatabaseURL) -> None:
    if url.kind == "sqlite":
        prepare_sqlite(url)
    from alembic import command

    command.upgrade(alembic_config(url), "head")
