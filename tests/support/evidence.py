"""Upload evidence the way the phone's queue does: start, chunks at offsets, done."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from litestar.testing import AsyncTestClient


async def upload(
    client: AsyncTestClient[Any],
    headers: dict[str, str],
    data: bytes,
    *,
    eid: str = "",
    kind: str = "photo",
    chunk: int = 40_000,
    uid: str | None = None,
    **meta: object,
) -> Any:
    """The final response (the evidence, or the refusal)."""
    uid = uid or uuid.uuid4().hex
    start = {
        "uid": uid,
        "kind": kind,
        "size": len(data),
        "eid": eid,
        "sha256": hashlib.sha256(data).hexdigest(),
        **meta,
    }
    r = await client.post("/api/evidence/uploads", json=start, headers=headers)
    if r.status_code != 200:
        return r
    offset = r.json()["received"]
    while offset < len(data):
        r = await client.put(
            f"/api/evidence/uploads/{uid}",
            content=data[offset : offset + chunk],
            headers={
                **headers,
                "Upload-Offset": str(offset),
                "Content-Type": "application/octet-stream",
            },
        )
        if r.status_code != 200:
            return r
        offset = r.json()["received"]
    return r
