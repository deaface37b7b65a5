from __future__ import annotations

from pathlib import Path

import pytest

from server.db.url import DatabaseURLError, parse_database_url


def test_sqlite_absolute_and_relative() -> None:
    assert parse_database_url("sqlite:////var/lib/p.db").sqlite_path == Path("/var/lib/p.db")
    assert parse_database_url("sqlite:///p.db").sqlite_path == Path("p.db")
    assert parse_database_url("sqlite:////x/p.db").sqlalchemy_url == "sqlite+aiosqlite:////x/p.db"


def test_postgres_parts_and_redaction() -> None:
    url = parse_database_url("postgres://app:s3cret@db.local:6543/packline")
    assert (url.kind, url.host, url.port, url.user, url.database) == (
        "postgresql",
        "db.local",
        6543,
        "app",
        "packline",
    )
    assert url.sqlalchemy_url == "postgresql+asyncpg://app:s3cret@db.local:6543/packline"
    assert "s3cret" not in url.redacted()


@pytest.mark.parametrize(
    "bad", ["mysql://x/y", "sqlite://", "sqlite:///", "sqlite:///:memory:", "postgresql://host"]
)
def test_rejected_urls(bad: str) -> None:
    with pytest.raises(DatabaseURLError):
        parse_database_url(bad)
