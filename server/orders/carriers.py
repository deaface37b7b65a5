"""Carrier names as staff write them (顺丰, 中通速递, SF, ZTO ...) mapped to the print codes."""

from __future__ import annotations

from server.printing.documents import Carrier

# What order fields store: the short Chinese name the demo data and the PWA already use.
STORED = {
    Carrier.SF: "顺丰",
    Carrier.ZTO: "中通",
    Carrier.YTO: "圆通",
    Carrier.YUNDA: "韵达",
    Carrier.EMS: "EMS",
}
_ALIASES = {
    Carrier.SF: ("顺丰", "顺丰速运", "顺丰快递", "sf", "sf express", "shunfeng"),
    Carrier.ZTO: ("中通", "中通快递", "中通速递", "zto", "zhongtong"),
    Carrier.YTO: ("圆通", "圆通速递", "圆通快递", "yto", "yuantong"),
    Carrier.YUNDA: ("韵达", "韵达快递", "韵达速递", "yunda", "yd"),
    Carrier.EMS: ("ems", "中国邮政", "邮政", "邮政ems", "邮政快递包裹", "china post"),
}
_LOOKUP = {alias: c for c, names in _ALIASES.items() for alias in names}
# Tracking-number prefixes of the simulated e-waybill service (the real one is the carrier's).
PREFIX = {
    Carrier.SF: "SF",
    Carrier.ZTO: "78",
    Carrier.YTO: "YT",
    Carrier.YUNDA: "43",
    Carrier.EMS: "11",
}
DEFAULT = Carrier.ZTO


def parse_carrier(text: str) -> Carrier | None:
    """None when the name is not a carrier this warehouse ships with."""
    key = " ".join(text.strip().lower().split())
    return _LOOKUP.get(key)


def carrier_of(stored: object) -> Carrier:
    """The print code for a stored field value; unknown or missing means the default carrier."""
    if isinstance(stored, str):
        return parse_carrier(stored) or DEFAULT
    return DEFAULT
