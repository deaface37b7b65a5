"""Base msgspec Struct for every edge: unknown fields are a client bug, so they are rejected."""

from __future__ import annotations

import msgspec


class Schema(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass
