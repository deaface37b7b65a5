"""Decode the barcodes in a photo with zxing-cpp, only in the warehouse's symbologies.

Restricting `formats=` is not an optimisation only: a label photo also shows the product's
EAN, a QR of the platform and stray text; a symbology the warehouse does not print must
never come back as a "scan". The photo goes through the same checks as evidence (allowlist,
pixel cap before decoding, byte cap), and is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import zxingcpp
from PIL import ImageOps

from server.evidence.intake import Limits, decode


@dataclass(frozen=True, slots=True)
class Found:
    text: str
    format: str


def formats_of(names: tuple[str, ...]) -> zxingcpp.BarcodeFormats:
    """zxing-cpp's format set for the warehouse's names; unknown names are a ValueError."""
    return zxingcpp.barcode_formats_from_str(",".join(names))


def read_codes(data: bytes, limits: Limits, names: tuple[str, ...]) -> list[Found]:
    image = decode(data, limits)
    try:
        gray = ImageOps.exif_transpose(image).convert("L")
        found = zxingcpp.read_barcodes(gray, formats=formats_of(names))
    finally:
        image.close()
    seen: set[tuple[str, str]] = set()
    out: list[Found] = []
    for code in found:
        key = (code.text, code.format.name)
        if key not in seen:
            seen.add(key)
            out.append(Found(code.text, code.format.name))
    return out
