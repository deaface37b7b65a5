"""The open exception queue of a warehouse, as devices receive it: with the bootstrap.

`GET /api/sync/exceptions` is gone (issue 10, one road for exceptions): devices derive the
queue from their op set, and the bootstrap carries the server's open exceptions (those over
compacted ops included). Server tests read the server's derivation the same way.
"""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient
from support.wire import BOOTSTRAP


async def open_exceptions(
    client: AsyncTestClient[Any], headers: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    r = await client.get(BOOTSTRAP, headers=headers)
    assert r.status_code == 200, r.text
    records: list[dict[str, Any]] = r.json()["exceptions"]
    return records
