"""Access records: warehouse membership, one-time enrolment codes, sessions, login throttling."""

from __future__ import annotations

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.constraints import Unique
from piccolo.table import Table

from server.db.tables.identity import AppUser, Device, Warehouse


class UserWarehouse(Table, tablename="user_warehouse"):
    """A user may work in several warehouses; a device belongs to exactly one."""

    id = Serial(primary_key=True)

    user = ForeignKey(AppUser, null=False, on_delete=OnDelete.cascade)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.cascade, index=True)

    unique_membership = Unique(["user", "warehouse"])


class EnrollmentCode(Table, tablename="enrollment_code"):
    id = Serial(primary_key=True)
    # Only the hash is kept: the code itself is shown once, to the manager enrolling a phone.
    code_hash = Varchar(length=64, unique=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.cascade)
    label = Varchar(length=100, default="")
    created_by = Varchar(length=32, default="")
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    device = ForeignKey(Device, null=True, default=None, on_delete=OnDelete.set_null)


class UserSession(Table, tablename="user_session"):
    id = Serial(primary_key=True)
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(AppUser, null=False, on_delete=OnDelete.cascade, index=True)
    device = ForeignKey(Device, null=False, on_delete=OnDelete.cascade, index=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    ended_at = Timestamptz(null=True, default=None)


class LoginFailure(Table, tablename="login_failure"):
    """Failed PIN attempts, in the database so every server process throttles alike."""

    id = Serial(primary_key=True)

    key = Varchar(length=150, index=True)
    at = Timestamptz(index=True)
