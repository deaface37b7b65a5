"""One database URL drives both Piccolo (queries) and Alembic (schema), so parse it once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

DatabaseKind = Literal["sqlite", "postgresql"]


class DatabaseURLError(ValueError):
    """The database URL is not one Packline can use."""


@dataclass(frozen=True, slots=True)
class DatabaseURL:
    kind: DatabaseKind
    raw: str
    sqlite_path: Path | None = None
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    database: str = ""

    @property
    def sqlalchemy_url(self) -> str:
        """The async SQLAlchemy URL Alembic's async template connects with."""
        if self.kind == "sqlite":
            return f"sqlite+aiosqlite:///{self.sqlite_path}"
        rest = self.raw.split("://", 1)[1]
        return f"postgresql+asyncpg://{rest}"

    def redacted(self) -> str:
        """The URL without its password, safe for logs and /api/health."""
        if self.kind == "sqlite":
            return f"sqlite:///{self.sqlite_path}"
        auth = f"{self.user}@" if self.user else ""
        return f"postgresql://{auth}{self.host}:{self.port}/{self.database}"


def parse_database_url(url: str) -> DatabaseURL:
    if url.startswith("sqlite:"):
        if not url.startswith("sqlite:///"):
            raise DatabaseURLError(
                "sqlite URL must look like sqlite:///relative.db or sqlite:////abs.db"
            )
        path = url[len("sqlite:///") :].split("?", 1)[0]
        if not path:
            raise DatabaseURLError(
                "sqlite URL needs a file path, e.g. sqlite:////var/lib/packline.db"
            )
        if ":memory:" in path:
            raise DatabaseURLError(
                "in-memory SQLite cannot be shared between connections; use a file"
            )
        return DatabaseURL(kind="sqlite", raw=url, sqlite_path=Path(path).expanduser())
    parts = urlsplit(url)
    if parts.scheme in {"postgresql", "postgres"}:
        database = parts.path.lstrip("/")
        if not database:
            raise DatabaseURLError(
                "postgresql URL needs a database name, e.g. postgresql://host/packline"
            )
        return DatabaseURL(
            kind="postgresql",
            raw="postgresql://" + url.split("://", 1)[1],
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            database=database,
        )
    raise DatabaseURLError(
        f"unsupported database URL {url.split(':', 1)[0]!r}: use sqlite:///PATH or postgresql://..."
    )
