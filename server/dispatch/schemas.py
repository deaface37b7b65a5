from __future__ import annotations

from typing import Annotated

import msgspec

from server.schemas import Schema


class RouteAssign(Schema):
    eid: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
    courier: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]


class RouteAssigned(Schema):
    eid: str
    courier: str
