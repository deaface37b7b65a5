"""QR codes for enrolment, drawn by zxing-cpp so the server needs no other barcode library."""

from __future__ import annotations

import zxingcpp

ENROLL_PREFIX = "packline:enroll:"


def enrollment_qr(code: str) -> zxingcpp.Barcode:
    return zxingcpp.create_barcode(ENROLL_PREFIX + code, zxingcpp.BarcodeFormat.QRCode)


def enrollment_qr_svg(code: str) -> str:
    return str(zxingcpp.write_barcode_to_svg(enrollment_qr(code)))
