"""What a raw connection is, and the portable SQL helpers every query of `server/db` uses.

SQL is written with `?` placeholders; the PostgreSQL connection translates them for asyncpg.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

Row = tuple[Any, ...]


class Conn(Protocol):
    kind: str

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> None: ...
    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    async def fetch(self, sql: str, args: Sequence[Any] = ()) -> list[Row]: ...


class _Kinded(Protocol):
    @property
    def kind(self) -> str: ...


def stamp(conn: _Kinded, when: datetime) -> datetime | str:
    """A timestamp parameter. On SQLite: the text Piccolo's adapter would store (UTC,
    `str(datetime)`), made once per batch instead of once per row by the sqlite3 adapter."""
    if conn.kind == "postgresql":
        return when
    return str(when.astimezone(UTC))


def member(conn: Conn, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """`column IN (...)`: one array parameter on PostgreSQL, so there is one prepared
    statement per query instead of one per list length (asyncpg caches 100)."""
    if conn.kind == "postgresql":
        return f"{column} = ANY(?)", [list(values)]
    return f"{column} IN ({','.join('?' * len(values))})", list(values)


def chunks(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


async def fetch_in(
    conn: Conn, sql: str, args: Sequence[Any], column: str, values: Sequence[Any]
) -> list[Row]:
    """Run `sql` (ending in WHERE ...) with `AND column IN values` added, in chunks."""
    out: list[Row] = []
    for part in chunks(values):
        clause, more = member(conn, column, part)
        out += await conn.fetch(f"{sql} AND {clause}", [*args, *more])
    return out
