from __future__ import annotations

import zxingcpp

from server.identity.qr import enrollment_qr, enrollment_qr_svg


def test_enrolment_qr_decodes_back_to_the_code() -> None:
    image = zxingcpp.write_barcode_to_image(enrollment_qr("ABCD-EFGH"), scale=4)
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [b.text for b in found] == ["packline:enroll:ABCD-EFGH"]
    assert "<svg" in enrollment_qr_svg("ABCD-EFGH")
