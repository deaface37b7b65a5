"""Access records: warehouse membership, one-time enrolment codes, sessions and their
per-device windows, sign-in throttling."""

from __future__ import annotations

from piccolo.columns import BigInt, ForeignKey, Integer, Serial, Timestamptz, Varchar
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


class DeviceSession(Table, tablename="device_session"):
    """Who signed in on which device, and the window their ops may claim: from the device's
    op counter (and clock, when reported) at sign-in to the next sign-in on that device,
    sign-out, revocation or expiry. A pushed op's actor must have a window covering it."""

    id = Serial(primary_key=True)
    device = ForeignKey(Device, null=False, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(AppUser, null=False, on_delete=OnDelete.cascade, index=True)
    session = ForeignKey(
        UserSession, null=True, default=None, on_delete=OnDelete.set_null, index=True
    )
    started_at = Timestamptz()
    expires_at = Timestamptz()
    start_seq = BigInt()
    start_wall = BigInt(null=True, default=None)
    end_seq = BigInt(null=True, default=None)
    ended_at = Timestamptz(null=True, default=None)
    end_reason = Varchar(length=16, null=True, default=None)


class AuthThrottle(Table, tablename="auth_throttle"):
    """Tries per key (user on device, device, source address, enrolment) in the current
    window, counted atomically before a PIN or code is checked (server/identity/throttle.py)."""

    key = Varchar(length=150, primary_key=True)
    window_ms = BigInt()
    tries = Integer()
