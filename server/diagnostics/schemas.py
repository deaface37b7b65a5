from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from server.schemas import Schema

ShortText = Annotated[str, msgspec.Meta(max_length=200)]


class ClientReport(Schema):
    level: Literal["error", "warning", "info"]
    message: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
    # The device's own clock at the time of the fault, not the time it reached us.
    occurred_at_ms: Annotated[int, msgspec.Meta(ge=0, le=2**53 - 1)]
    url: ShortText = ""
    app_version: Annotated[str, msgspec.Meta(max_length=40)] = ""
    user_agent: ShortText = ""
    stack: Annotated[str, msgspec.Meta(max_length=8000)] = ""


class Received(Schema):
    received: bool = True
