"""Courier rules: is a delivery's proof enough, what may follow a failed delivery, and what
the deliver screen says about an order's state. Twin: pwa/src/sync/courier.ts; cases:
tests/vectors/courier.json.

The warehouse sets each piece of proof to required, optional or off (server/evidence/
policy.py stores the choice); the rule that judges a delivery against it lives only here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PROOF_ITEMS = ("scan", "photo", "signature", "recipient", "location")
LEVELS = ("required", "optional", "off")
DEFAULT_POLICY = {
    "scan": "required",
    "photo": "required",
    "signature": "optional",
    "recipient": "optional",
    "location": "optional",
}

FAIL_REASONS = ("no_one_home", "refused", "wrong_address", "unreachable", "damaged", "other")
# After these the parcel goes back: the recipient will not take it, or it cannot be handed over.
RETURN_ONLY = frozenset({"refused", "damaged"})
MAX_ATTEMPTS = 3


def _present(item: str, value: Any) -> bool:
    if item == "photo":
        return isinstance(value, list) and any(isinstance(v, str) and v for v in value)
    if item == "location":
        # type(), not isinstance: a JSON true is not a coordinate (bool is an int here).
        return (
            isinstance(value, Mapping)
            and type(value.get("lat")) in (int, float)
            and type(value.get("lon")) in (int, float)
        )
    return isinstance(value, str) and value.strip() != ""


def level(policy: Mapping[str, str], item: str) -> str:
    got = policy.get(item)
    return got if got in LEVELS else DEFAULT_POLICY[item]


def proof_missing(policy: Mapping[str, str], proof: Mapping[str, Any]) -> list[str]:
    """The required items the proof lacks, in PROOF_ITEMS order ([] = enough to confirm)."""
    return [
        item
        for item in PROOF_ITEMS
        if level(policy, item) == "required" and not _present(item, proof.get(item))
    ]


def proof_kept(policy: Mapping[str, str], proof: Mapping[str, Any]) -> dict[str, Any]:
    """The proof as recorded: items the warehouse turned off are not kept (a location the
    warehouse does not want is not stored), nor empty ones."""
    return {
        item: proof[item]
        for item in PROOF_ITEMS
        if level(policy, item) != "off" and _present(item, proof.get(item))
    }


def failed_next(reason: str, attempts: int) -> list[str]:
    """What may follow a failed delivery: "reattempt" and/or "return" (to the warehouse).
    A refusal or damage goes back; so does the third failed attempt."""
    if reason not in FAIL_REASONS:
        return []
    if reason in RETURN_ONLY or attempts >= MAX_ATTEMPTS:
        return ["return"]
    return ["reattempt", "return"]


def deliver_verdict(status: str | None, held: bool) -> str:
    """What the deliver screen says before the courier hands over: "ok"; "cancelled" or
    "held" (customer service stopped it: hand it back, and confirming anyway becomes an
    exception with both sides' facts); "delivered" (already done); "unknown" (not on this
    phone yet: confirm, the server judges on sync)."""
    if status is None:
        return "unknown"
    if status == "cancelled":
        return "cancelled"
    if status == "delivered":
        return "delivered"
    if held:
        return "held"
    return "ok"
