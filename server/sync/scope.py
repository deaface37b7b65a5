"""Authorization of each op: who may do which intent, to which entity (OWASP API1/API5).

The rule itself (op kind -> roles and scope) is the core's table, sync/permissions.py,
which the PWA shares. Here: the actor as the push sees them. The actor must also have
signed in on the pushing device for the op's counter and clock (server/identity/sessions.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from server.roles import Role
from sync import permissions


@dataclass(frozen=True, slots=True)
class Actor:
    user_pk: int
    employee_code: str
    roles: frozenset[Role]

    def scope(self, kind: str) -> str | None:
        """None if the actor's roles do not allow the kind, else the scope it needs."""
        return permissions.scope(self.roles, kind)

    @property
    def route_only(self) -> bool:
        """A courier without office roles sees and touches only their own route."""
        return permissions.route_only(self.roles)


def stock_warehouse(eid: str) -> str:
    """Stock entity ids are `WAREHOUSE:SKU`; the prefix is the partition."""
    return eid.split(":", 1)[0]
