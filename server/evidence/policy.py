"""A warehouse's courier settings: which proof a delivery needs and which symbologies its
labels use. A warehouse without a `courier_settings` row has the defaults below."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from server.db import Connector

DEFAULT_FORMATS = ("Code128", "EAN13", "QRCode")
# Each piece of proof: required, optional or off (the rule that checks a delivery against
# this is the sync core's; the server only stores the warehouse's choice).
PROOF_ITEMS = ("scan", "photo", "signature", "recipient", "location")
PROOF_LEVELS = ("required", "optional", "off")
DEFAULT_PROOF = {
    "scan": "required",
    "photo": "required",
    "signature": "optional",
    "recipient": "optional",
    "location": "optional",
}


@dataclass(frozen=True, slots=True)
class CourierPolicy:
    formats: tuple[str, ...] = DEFAULT_FORMATS
    proof: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PROOF))


async def policy_of(connector: Connector, warehouse: int) -> CourierPolicy:
    rows = await connector.fetch(
        "SELECT barcode_formats, proof FROM courier_settings WHERE warehouse = ?", [warehouse]
    )
    if not rows:
        return CourierPolicy()
    formats = tuple(f for f in str(rows[0][0]).split(",") if f) or DEFAULT_FORMATS
    stored = json.loads(str(rows[0][1]) or "{}")
    proof = {
        item: str(stored.get(item)) if stored.get(item) in PROOF_LEVELS else DEFAULT_PROOF[item]
        for item in PROOF_ITEMS
    }
    return CourierPolicy(formats, proof)
