"""Telling live streams that a device was revoked or a session ended.

A stream used to learn of a revocation only at its next keepalive, and under traffic the
pokes kept postponing that. Now revoking, signing out and a new sign-in on the device
publish the device id on the warehouse's "ended" channel (the same channels backend as
pokes: in memory, PostgreSQL LISTEN/NOTIFY or Redis, so other processes hear it too), and
every stream of that device re-checks its token at once (server/sync/controllers.py).
"""

from __future__ import annotations

import json

from litestar.channels import ChannelsPlugin


def ended_channel(warehouse_id: int) -> str:
    return f"packline_end_{warehouse_id}"


def announce_ended(channels: ChannelsPlugin | None, warehouse_id: int, device_id: str) -> None:
    if channels is not None:
        channels.publish(json.dumps({"ended": device_id}), channels=[ended_channel(warehouse_id)])


def ended_device(raw: bytes) -> str | None:
    """The device id of an "ended" message, None for anything else (a poke)."""
    if not raw.startswith(b'{"ended"'):
        return None
    value = json.loads(raw).get("ended")
    return value if isinstance(value, str) else None
