"""The protocol version on the wire: every push, pull and bootstrap names the version its
client speaks, and a server that speaks another refuses it before storing anything.

The answer is 426 Upgrade Required with a typed body, so the app can say "update required"
and keep every pending op (docs/sync-server.md, "Protocol version"). The version is the sync
core's `PROTOCOL_VERSION`; the server keeps no copy of it.
"""

from __future__ import annotations

from litestar.exceptions import HTTPException

import sync

HTTP_426_UPGRADE_REQUIRED = 426
UPDATE_REQUIRED = "this app is out of date: update required"


def supported() -> list[int]:
    return [sync.PROTOCOL_VERSION]


def check_protocol(client: int | None) -> None:
    """Raise 426 unless the client speaks this server's protocol version."""
    if client not in supported():
        raise HTTPException(
            status_code=HTTP_426_UPGRADE_REQUIRED,
            detail=UPDATE_REQUIRED,
            extra={"error": "protocol_version", "client": client, "supported": supported()},
        )
