"""Who sees a recipient's full phone number, and which local data partition a user reads.

Printed documents already mask phones (138****5678). On screens the same mask applies to
floor roles and couriers: they scan, pick and hand over parcels, they never call the
recipient from the app. Customer service, the exception handler and the office call
customers, so they see the number. The server applies the same rule before it sends an op
(server/sync/reader.py), so a floor handheld never holds a full number it may not show.

A device keeps one local op set, pulled for one *partition*. Two users share a partition
when the server would send both exactly the same ops: the whole warehouse with full phones,
the whole warehouse with masked phones, or one courier's route. A user whose partition is
not the one the device holds must get theirs (pwa/src/scope.ts); the twin is
pwa/src/sync/privacy.ts and the cases are tests/vectors/privacy.json.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sync.permissions import route_only

PHONE = "recipient_phone"
# Roles that contact recipients (admin holds every manager right).
PHONE_ROLES = frozenset({"cs", "exceptions", "manager", "admin"})


def phone_visible(roles: Iterable[str]) -> bool:
    """May a user holding `roles` see a recipient's full phone number?"""
    return bool(PHONE_ROLES & frozenset(roles)) and not route_only(roles)


def mask_phone(phone: str) -> str:
    """Keep the first 3 and last 4 characters (138****5678); shorter ones keep the ends.
    Masking a masked number changes nothing, so data masked twice still reads the same."""
    d = phone.strip()
    if len(d) >= 8:
        return f"{d[:3]}****{d[-4:]}"
    if len(d) >= 3:
        return f"{d[:1]}{'*' * (len(d) - 2)}{d[-1:]}"
    return "*" * len(d)


def shown_phone(roles: Iterable[str], phone: str) -> str:
    """The number as this user's screen shows it."""
    return phone if phone_visible(roles) else mask_phone(phone)


def partition(roles: Iterable[str], employee_code: str) -> str:
    """The local data partition this user reads: `route:<code>`, `warehouse` (full
    phones) or `warehouse:masked`."""
    held = list(roles)
    if route_only(held):
        return f"route:{employee_code}"
    return "warehouse" if phone_visible(held) else "warehouse:masked"


def masked_payload(kind: str, payload: Mapping[str, Any]) -> dict[str, Any] | None:
    """The op payload with every recipient phone masked, or None when it holds none."""
    if kind == "order.create":
        fields = payload.get("fields")
        if isinstance(fields, dict) and isinstance(fields.get(PHONE), str):
            return {**payload, "fields": {**fields, PHONE: mask_phone(fields[PHONE])}}
    elif kind == "order.set_address":
        address = payload.get("address")
        if isinstance(address, dict) and isinstance(address.get(PHONE), str):
            return {**payload, "address": {**address, PHONE: mask_phone(address[PHONE])}}
    elif kind == "order.set_field" and payload.get("field") == PHONE:
        value = payload.get("value")
        if isinstance(value, str):
            return {**payload, "value": mask_phone(value)}
    return None
