"""Typed errors so callers (the print queue, the CLI) can tell a setup fault from bad data."""

from __future__ import annotations


class PrintingError(Exception):
    """Base class for everything the print renderers raise on purpose."""


class FontMissingError(PrintingError):
    """No CJK font: printing Chinese without one would produce tofu boxes, so refuse."""


class BarcodeTooWideError(PrintingError):
    """The barcode cannot fit its box at one printer dot per module."""
