from __future__ import annotations

from typing import Annotated

import msgspec

from server.schemas import Schema

Slot = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class ShipSettingsIn(Schema):
    crate_slots: Annotated[list[Slot], msgspec.Meta(min_length=1, max_length=8)]
    promotion: bool


class ShipSettingsOut(Schema):
    crate_slots: list[str]
    promotion: bool
    updated_by: str | None
