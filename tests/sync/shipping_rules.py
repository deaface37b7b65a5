"""The shipping rules' rows of the vector runner's table (tests/vectors/shipping.json)."""

from __future__ import annotations

from typing import Any

from sync import shipping

SHIPPING_RULES: dict[str, Any] = {
    "item_verdict": lambda a: shipping.item_verdict(a["lines"], a["items"]),
    "item_progress": lambda a: shipping.item_progress(a["lines"], a["items"]),
    "match_item": lambda a: shipping.match_item(a["lines"], a["code"]),
    "slip_step": lambda a: shipping.slip_step(a["promotion"]),
    "crate_due": lambda a: shipping.crate_due(a["slots"], a["handed"], a["offset"]),
    "crate_state": lambda a: shipping.crate_state(a["ship"], a["now"]),
    "courier_waiting": lambda a: shipping.courier_waiting(a["ship"]),
    "waiting_on": lambda a: shipping.waiting_on(a["orders"], a["carrier"]),
    "batch_parcels": lambda a: shipping.batch_parcels(a["orders"], a["carrier"]),
    "is_freight": lambda a: shipping.is_freight(a["fields"]),
    "day_range": lambda a: list(shipping.day_range(a["now"], a["offset"])),
    "batch_check": lambda a: shipping.batch_check(a["scanned"], a["counted"]),
    "manifest_text": lambda a: shipping.manifest_text(a["batch"], a["carrier"], a["eids"]),
    "parse_manifest": lambda a: shipping.parse_manifest(a["text"]),
    "reconcile": lambda a: shipping.reconcile(a["orders"], a["start"], a["end"]),
}
