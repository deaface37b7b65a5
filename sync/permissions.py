"""Who may push which op kind, and to which entities: one table, next to the kinds.

The server checks every pushed op against it (server/sync/ingest.py) and the PWA hides
the actions a signed-in user may not take (pwa/src/sync/permissions.ts, its twin); the
shared cases are tests/vectors/permissions.json. Roles are plain strings here because
the core never imports the server's Role enum.

Scopes:
- "warehouse": the entity must belong to the device's warehouse.
- "route": as "warehouse", and for a route-only actor (a courier holding no office role)
  the order must also be on that courier's route.

`stock.grant` is manager-only: it moves stock escrow to a device, which decides how many
parcels that device may ship offline. Server-authored grants (imports, demo data) are
written by the server as its own device and are not pushed, so they need no row here.
"""

from __future__ import annotations

from collections.abc import Iterable

WAREHOUSE, ROUTE = "warehouse", "route"

# Admins may do everything a manager may (server/identity/principal.py says the same).
_OFFICE = frozenset({"manager", "admin"})

PERMISSIONS: dict[str, tuple[frozenset[str], str]] = {
    "order.create": (frozenset({"cs", "manager"}), WAREHOUSE),
    "order.set_field": (frozenset({"cs", "manager"}), WAREHOUSE),
    "order.set_address": (frozenset({"cs", "manager"}), WAREHOUSE),
    "order.hold": (frozenset({"cs", "exceptions", "manager"}), WAREHOUSE),
    "order.release": (frozenset({"cs", "exceptions", "manager"}), WAREHOUSE),
    "order.cancel": (frozenset({"cs", "manager"}), WAREHOUSE),
    "label.print": (frozenset({"printer", "manager"}), WAREHOUSE),
    "label.void": (frozenset({"printer", "cs", "exceptions", "manager"}), WAREHOUSE),
    "pick.line_picked": (frozenset({"picker", "packer", "manager"}), WAREHOUSE),
    "status.advance": (
        frozenset({"printer", "picker", "packer", "courier", "manager"}),
        ROUTE,
    ),
    "parcel.scan_out": (frozenset({"picker", "manager"}), WAREHOUSE),
    "delivery.confirm": (frozenset({"courier", "manager"}), ROUTE),
    "stock.grant": (frozenset({"manager"}), WAREHOUSE),
    "stock.spend": (frozenset({"picker", "packer", "manager"}), WAREHOUSE),
    "stock.adjust": (frozenset({"qc", "manager"}), WAREHOUSE),
    "sync.release": (frozenset({"exceptions", "manager"}), WAREHOUSE),
    # picking (issue 12): the picker signs for a wave; a shortage is raised on the floor and
    # cleared (qty 0) by the floor after a restock or by customer service after a refund
    "pick.sign": (frozenset({"picker", "packer", "manager"}), WAREHOUSE),
    "pick.shortage": (frozenset({"picker", "packer", "cs", "manager"}), WAREHOUSE),
    # issue 14: anyone on the floor may count; only a manager accepts a difference (it
    # changes the books); QC inspects
    "stock.count": (frozenset({"qc", "picker", "packer", "manager"}), WAREHOUSE),
    "stock.count_accept": (frozenset({"manager"}), WAREHOUSE),
    "qc.inspect": (frozenset({"qc", "manager"}), WAREHOUSE),
    "stock.receive": (frozenset({"qc", "manager"}), WAREHOUSE),
    # the exception desk: the handler and the office act; customer service adds notes
    "exception.assign": (frozenset({"exceptions", "manager"}), WAREHOUSE),
    "exception.note": (frozenset({"exceptions", "cs", "manager"}), WAREHOUSE),
    "exception.notify_cs": (frozenset({"exceptions", "manager"}), WAREHOUSE),
    "exception.resolve": (frozenset({"exceptions", "manager"}), WAREHOUSE),
    # v3 shipping: the shipper (a picker) hands crates, freight and batches over; the crate
    # packer signs and returns crates; a carrier's courier confirms a pickup at the
    # warehouse (warehouse-scoped: collecting parcels is not their delivery route).
    "crate.handoff": (frozenset({"picker", "manager"}), WAREHOUSE),
    "crate.sign": (frozenset({"packer", "manager"}), WAREHOUSE),
    "crate.return": (frozenset({"packer", "picker", "manager"}), WAREHOUSE),
    "crate.wait": (frozenset({"picker", "manager"}), WAREHOUSE),
    "freight.handoff": (frozenset({"picker", "manager"}), WAREHOUSE),
    "batch.ship": (frozenset({"picker", "manager"}), WAREHOUSE),
    "batch.missed": (frozenset({"picker", "manager"}), WAREHOUSE),
    "pickup.confirm": (frozenset({"courier", "manager"}), WAREHOUSE),
}


def _held(roles: Iterable[str]) -> frozenset[str]:
    held = frozenset(roles)
    return held | {"manager"} if "admin" in held else held


def route_only(roles: Iterable[str]) -> bool:
    """A courier without office roles sees and touches only their own route."""
    held = frozenset(roles)
    return "courier" in held and not (held & _OFFICE)


def may(roles: Iterable[str], kind: str) -> bool:
    """May a user holding `roles` push an op of `kind`? Unknown kinds are allowed: they
    change no state and are kept as `invalid_op`, so a newer client's op is never lost."""
    rule = PERMISSIONS.get(kind)
    return rule is None or bool(_held(roles) & rule[0])


def scope(roles: Iterable[str], kind: str) -> str | None:
    """None if the kind is not allowed, else the scope its entity must be in for this
    user: "route" only when the kind is route-scoped and the user is route-only."""
    if not may(roles, kind):
        return None
    rule = PERMISSIONS.get(kind)
    if rule is not None and rule[1] == ROUTE and route_only(roles):
        return ROUTE
    return WAREHOUSE
