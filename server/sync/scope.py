"""Authorization of each op: who may do which intent, to which entity (OWASP API1/API5).

The device is the trust anchor; the actor may be anyone of the device's warehouse, because a
shared handheld pushes ops of everyone who used it offline. The actor's own roles decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.roles import Role

R = Role
KIND_ROLES: dict[str, frozenset[Role]] = {
    "order.create": frozenset({R.CS, R.MANAGER}),
    "order.set_field": frozenset({R.CS, R.MANAGER}),
    "order.set_address": frozenset({R.CS, R.MANAGER}),
    "order.hold": frozenset({R.CS, R.EXCEPTIONS, R.MANAGER}),
    "order.release": frozenset({R.CS, R.EXCEPTIONS, R.MANAGER}),
    "order.cancel": frozenset({R.CS, R.MANAGER}),
    "label.print": frozenset({R.PRINTER, R.MANAGER}),
    "label.void": frozenset({R.PRINTER, R.CS, R.EXCEPTIONS, R.MANAGER}),
    "pick.line_picked": frozenset({R.PICKER, R.PACKER, R.MANAGER}),
    "status.advance": frozenset({R.PRINTER, R.PICKER, R.PACKER, R.COURIER, R.MANAGER}),
    "parcel.scan_out": frozenset({R.PICKER, R.MANAGER}),
    "delivery.confirm": frozenset({R.COURIER, R.MANAGER}),
    "stock.grant": frozenset({R.MANAGER}),
    "stock.spend": frozenset({R.PICKER, R.PACKER, R.MANAGER}),
    "stock.adjust": frozenset({R.QC, R.MANAGER}),
    "sync.release": frozenset({R.EXCEPTIONS, R.MANAGER}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    user_pk: int
    employee_code: str
    roles: frozenset[Role]

    def may(self, kind: str) -> bool:
        allowed = KIND_ROLES.get(kind)
        if allowed is None:
            # Unknown intents change no state; they are kept and surface as invalid_op.
            return True
        held = self.roles | ({R.MANAGER} if R.ADMIN in self.roles else set())
        return bool(held & allowed)

    @property
    def route_only(self) -> bool:
        """A courier without office roles sees and touches only their own route."""
        return R.COURIER in self.roles and not (self.roles & {R.MANAGER, R.ADMIN})


def stock_warehouse(eid: str) -> str:
    """Stock entity ids are `WAREHOUSE:SKU`; the prefix is the partition."""
    return eid.split(":", 1)[0]
