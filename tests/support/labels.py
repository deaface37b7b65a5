"""Label data, a zxing-cpp decoder and a PDF rasteriser for the printing tests (no mocks)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import zxingcpp
from PIL import Image

from server.demo.builder import SHANGHAI
from server.printing.documents import Carrier, LabelData, PackingSlip, SlipLine

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


def packing_slip(
    order_no: str = "TB261123000001123",
    *,
    carrier: Carrier = Carrier.YTO,
    tracking_no: str = "YT1234567890123",
    note: str | None = None,
) -> PackingSlip:
    """A one-line packing slip with a Chinese address, for the list renderers' tests."""
    return PackingSlip(
        order_no=order_no,
        warehouse="上海一号仓",
        carrier=carrier,
        tracking_no=tracking_no,
        recipient_name="李四",
        recipient_phone="13900001111",
        address="广东省深圳市南山区科技园南路 88 号",
        printed_at=PRINTED,
        lines=(SlipLine(sku_barcode="6900000000017", name="筒灯", spec="暖光", qty=2),),
        note=note,
    )


def in_order(text: str, needles: Sequence[str]) -> None:
    """Every needle occurs in text, each after the previous one."""
    at = 0
    for needle in needles:
        found = text.find(needle, at)
        assert found >= 0, f"{needle!r} missing or out of order after offset {at}"
        at = found + len(needle)
