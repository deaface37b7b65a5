"""SQLAlchemy column types for migrations that declare exactly what Piccolo declares.

Piccolo's SQLite engine converts values by the declared column type (TIMESTAMPTZ, BOOLEAN),
so a migration that wrote DATETIME would hand Piccolo strings instead of datetimes.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType


class _SqliteTimestamptz(UserDefinedType[Any]):
    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "TIMESTAMPTZ"


def timestamptz() -> sa.types.TypeEngine[Any]:
    return sa.TIMESTAMP(timezone=True).with_variant(_SqliteTimestamptz(), "sqlite")


def varchar(length: int) -> sa.types.TypeEngine[Any]:
    return sa.String(length)
