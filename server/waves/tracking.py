"""Tracking numbers for new labels (a stand-in for the carrier's e-waybill number service)."""

from __future__ import annotations

import secrets

from server.orders.carriers import PREFIX
from server.printing.documents import Carrier


def mint(carrier: Carrier) -> str:
    """Prefix + 13 random digits: 6-32 of [A-Za-z0-9-], as labels and ZPL require."""
    return PREFIX[carrier] + "".join(secrets.choice("0123456789") for _ in range(13))
