"""Label data, a zxing-cpp decoder and a PDF rasteriser for the printing tests (no mocks)."""

from __future__ import annotations

from datetime import datetime

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import zxingcpp
from PIL import Image

from server.demo.builder import SHANGHAI
from server.printing.documents import Carrier, LabelData

FORMATS = [zxingcpp.BarcodeFormat.Code128, zxingcpp.BarcodeFormat.QRCode]
PRINTED = datetime(2026, 11, 23, 16, 0, tzinfo=SHANGHAI)


def make_label(**over: object) -> LabelData:
    fields: dict[str, object] = {
        "carrier": Carrier.SF,
        "tracking_no": "SF1234567890123",
        "label_version": 2,
        "order_no": "taobao:4012345678901234",
        "recipient_name": "王小明",
        "recipient_phone": "13812345678",
        "province": "浙江省",
        "city": "杭州市",
        "district": "西湖区",
        "address_detail": "文三路478号华星时代广场A座1201室（一楼快递柜）",
        "sender": "上海一号仓 021-12345678",
        "item_count": 3,
        "printed_at": PRINTED,
        "special": True,
        "special_request": "贺卡：生日快乐；发票抬头：杭州某某科技有限公司",
    }
    fields.update(over)
    return LabelData(**fields)  # type: ignore[arg-type]


Decoded = list[tuple[str, str]]


def decode(image: Image.Image) -> Decoded:
    """(format name, text) of every Code128 and QR zxing-cpp finds, sorted."""
    found = zxingcpp.read_barcodes(image, formats=FORMATS)
    return sorted((b.format.name, b.text) for b in found)


def pdf_pages(data: bytes, dpi: int) -> list[Image.Image]:
    """Rasterise every page the way a print driver would, grey-scale at `dpi`."""
    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(doc))]
    finally:
        doc.close()


def pdf_text(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
