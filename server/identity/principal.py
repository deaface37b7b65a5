"""Who is asking: the device always, the signed-in user when there is one."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.roles import Role


@dataclass(frozen=True, slots=True)
class Principal:
    device_pk: int
    device_id: str
    warehouse_id: int
    warehouse_code: str
    user_pk: int | None = None
    employee_code: str | None = None
    name: str | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)
    session_pk: int | None = None

    @property
    def signed_in(self) -> bool:
        return self.user_pk is not None

    def has_any(self, *roles: Role) -> bool:
        # Admins can do anything a manager can; nobody else inherits.
        held = self.roles | ({Role.MANAGER} if Role.ADMIN in self.roles else set())
        return bool(held & set(roles))
