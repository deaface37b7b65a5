"""Who works where: warehouses, staff and the handhelds they carry."""

from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Warehouse(Table, tablename="warehouse"):
    id = Serial(primary_key=True)
    code = Varchar(length=32, unique=True)
    name = Varchar(length=200)
    timezone = Varchar(length=64, default="Asia/Shanghai")
    created_at = Timestamptz()


class AppUser(Table, tablename="app_user"):
    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    employee_code = Varchar(length=32, unique=True)
    name = Varchar(length=100)
    # Comma-separated role names; a user may hold several (a shipper who also packs crates).
    roles = Varchar(length=200)
    pin_hash = Varchar(length=255, default="")
    active = Boolean(default=True)
    created_at = Timestamptz()


class Device(Table, tablename="device"):
    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    # The public id that prefixes every op id the device mints (device + counter).
    device_id = Varchar(length=64, unique=True)
    label = Varchar(length=100, default="")
    # Only a hash of the bearer token is stored, so a database leak does not enrol phones.
    token_hash = Varchar(length=128, null=True, default=None, index=True)
    enrolled_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
    last_seen_at = Timestamptz(null=True, default=None)
