"""Web Push at the edge: the public key, and a browser's PushSubscription.toJSON()."""

from __future__ import annotations

from typing import Annotated

import msgspec

from server.schemas import Schema

B64 = r"^[A-Za-z0-9_-]+=*$"


class PushKeys(Schema):
    p256dh: Annotated[str, msgspec.Meta(max_length=200, pattern=B64)]
    auth: Annotated[str, msgspec.Meta(max_length=64, pattern=B64)]


class SubscriptionIn(Schema, forbid_unknown_fields=False):
    """PushSubscription.toJSON(); browsers add `expirationTime`, so unknown fields pass."""

    endpoint: Annotated[str, msgspec.Meta(max_length=1024)]
    keys: PushKeys


class Unsubscribe(Schema):
    endpoint: Annotated[str, msgspec.Meta(max_length=1024)]


class PublicKey(Schema):
    key: str


class Subscribed(Schema):
    endpoint: str
