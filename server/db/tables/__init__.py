"""Piccolo table definitions; the Alembic migrations must produce exactly this schema."""

from __future__ import annotations

from piccolo.engine.base import Engine
from piccolo.table import Table

from server.db.tables.access import (
    AuthThrottle,
    DeviceSession,
    EnrollmentCode,
    UserSession,
    UserWarehouse,
)
from server.db.tables.catalog import Location, Sku, Stock
from server.db.tables.evidence import CourierSettings, Evidence, EvidenceUpload, PushSubscription
from server.db.tables.identity import AppUser, Device, Warehouse
from server.db.tables.office import Handoff, OrderImport, Wave, WaveOrder, WaveSchedule
from server.db.tables.oplog import OpLog
from server.db.tables.orders import OrderLine, Parcel, SalesOrder
from server.db.tables.shipping import ShipSettings
from server.db.tables.syncstate import CourierRoute, RejectedOp, SyncEntity, SyncException, SyncMeta

ALL_TABLES: tuple[type[Table], ...] = (
    Warehouse,
    AppUser,
    Device,
    Sku,
    Location,
    Stock,
    SalesOrder,
    OrderLine,
    Parcel,
    OpLog,
    UserWarehouse,
    EnrollmentCode,
    UserSession,
    DeviceSession,
    AuthThrottle,
    SyncEntity,
    SyncException,
    RejectedOp,
    SyncMeta,
    CourierRoute,
    OrderImport,
    WaveSchedule,
    Wave,
    WaveOrder,
    Handoff,
    Evidence,
    EvidenceUpload,
    PushSubscription,
    CourierSettings,
    ShipSettings,
)


def bind_tables(engine: Engine) -> None:  # type: ignore[type-arg]
    """Point every table at the engine built from settings, instead of a piccolo_conf.py."""
    for table in ALL_TABLES:
        table._meta.db = engine


__all__ = [
    "ALL_TABLES",
    "AppUser",
    "AuthThrottle",
    "CourierRoute",
    "Device",
    "DeviceSession",
    "EnrollmentCode",
    "Handoff",
    "Location",
    "OpLog",
    "OrderImport",
    "OrderLine",
    "Parcel",
    "RejectedOp",
    "SalesOrder",
    "ShipSettings",
    "Sku",
    "Stock",
    "SyncEntity",
    "SyncException",
    "SyncMeta",
    "UserSession",
    "UserWarehouse",
    "Warehouse",
    "Wave",
    "WaveOrder",
    "WaveSchedule",
    "bind_tables",
]
