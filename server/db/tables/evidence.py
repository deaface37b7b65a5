"""Proof of delivery and notifications (alembic 0013): evidence, uploads, push subscriptions.

Evidence images themselves are blobs in a content-addressed store (`server.evidence.store`);
these rows say whose they are, which order they prove and what the photo's metadata was.
"""

from __future__ import annotations

from piccolo.columns import (
    DoublePrecision,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.constraints import Unique
from piccolo.table import Table

from server.db.tables.identity import AppUser, Warehouse


class Evidence(Table, tablename="evidence"):
    """One stored photo or signature. `uid` is the phone's id for it, so a retried upload
    finds the same row; the image and its thumbnail are blobs named by their sha256."""

    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    uid = Varchar(length=64)
    kind = Varchar(length=16)
    eid = Varchar(length=256, default="", index=True)
    uploaded_by = ForeignKey(AppUser, null=False, on_delete=OnDelete.restrict)
    device_id = Varchar(length=64)
    sha256 = Varchar(length=64)
    thumb_sha256 = Varchar(length=64)
    mime = Varchar(length=32)
    width = Integer()
    height = Integer()
    size = Integer()
    captured_at = Timestamptz(null=True, default=None)
    latitude = DoublePrecision(null=True, default=None)
    longitude = DoublePrecision(null=True, default=None)
    created_at = Timestamptz()

    unique_warehouse_uid = Unique(["warehouse", "uid"])


class EvidenceUpload(Table, tablename="evidence_upload"):
    """A resumable upload in progress: the bytes so far are a file under the data directory;
    `received` is how many of them the server has (where the phone resumes)."""

    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    uid = Varchar(length=64)
    uploaded_by = ForeignKey(AppUser, null=False, on_delete=OnDelete.restrict)
    device_id = Varchar(length=64)
    kind = Varchar(length=16)
    eid = Varchar(length=256, default="")
    size = Integer()
    sha256 = Varchar(length=64)
    received = Integer()
    meta = Text(default="{}")
    created_at = Timestamptz()

    unique_warehouse_upload = Unique(["warehouse", "uid"])


class PushSubscription(Table, tablename="push_subscription"):
    """A browser's Web Push subscription, bound to the person signed in when it was made."""

    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.restrict, index=True)
    user = ForeignKey(AppUser, null=False, on_delete=OnDelete.cascade, index=True)
    device_id = Varchar(length=64)
    endpoint = Varchar(length=1024, unique=True)
    p256dh = Varchar(length=200)
    auth = Varchar(length=64)
    created_at = Timestamptz()


class CourierSettings(Table, tablename="courier_settings"):
    """A warehouse's proof-of-delivery policy and the symbologies its labels use; a
    warehouse without a row has the defaults (`server.evidence.policy`)."""

    id = Serial(primary_key=True)
    warehouse = ForeignKey(Warehouse, null=False, on_delete=OnDelete.cascade, unique=True)
    barcode_formats = Varchar(length=200)
    proof = Text()
