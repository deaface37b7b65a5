"""Printer resolutions for raster output, one definition for labels, lists and the HTTP edge."""

from __future__ import annotations

from enum import IntEnum


class Dpi(IntEnum):
    """203 dpi (8 dots/mm) is the common thermal head; 300 dpi the fine one and office lasers."""

    D203 = 203
    D300 = 300


SUPPORTED_DPI = tuple(int(d) for d in Dpi)


def check_dpi(dpi: int) -> Dpi:
    """The Dpi for an int, or ValueError naming the supported ones."""
    try:
        return Dpi(dpi)
    except ValueError:
        raise ValueError(f"dpi must be one of {SUPPORTED_DPI}, got {dpi}") from None


def px(mm: float, dpi: int) -> int:
    return round(mm / 25.4 * dpi)
