"""An uploaded export -> canonical rows -> drafts; and a JSON order -> the same drafts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from server.orders.drafts import Draft, RowError, build_drafts, split_address
from server.orders.guard import check_xlsx
from server.orders.layouts import LAYOUTS, Layout, detect, required_headers
from server.orders.readers import FileFormatError, Sheet, is_xlsx, read_upload
from server.orders.schemas import OrderIn


@dataclass(frozen=True, slots=True)
class Parsed:
    layout: Layout
    rows: int
    drafts: list[Draft]
    errors: list[RowError]


def _rows(
    sheet: Sheet, cols: dict[str, int], platform: str
) -> Iterator[tuple[int | None, dict[str, str]]]:
    for number, cells in sheet.rows:
        row = {name: cells[i] if i < len(cells) else "" for name, i in cols.items()}
        full = row.pop("full_address", None)
        if full is not None:
            row.update(split_address(full))
        row.setdefault("platform", platform)
        row["platform"] = row["platform"].strip().lower()
        yield number, row


def parse_upload(filename: str, data: bytes, layout: Layout | None, platform: str | None) -> Parsed:
    if is_xlsx(filename, data):
        check_xlsx(data)  # the streaming caps, before openpyxl builds anything
    sheet = read_upload(filename, data)
    if layout is None:
        found = detect(sheet.headers)
        if found is None:
            expected = "; ".join(f"{lay}: {', '.join(required_headers(lay))}" for lay in Layout)
            raise FileFormatError(f"unrecognised column headers; expected one of — {expected}")
        layout, cols = found
    else:
        resolved = LAYOUTS[layout].resolve(sheet.headers)
        if resolved is None:
            missing = [h for h in required_headers(layout) if h not in sheet.headers]
            raise FileFormatError(f"not a {layout} export: missing columns {', '.join(missing)}")
        cols = resolved
    default = LAYOUTS[layout].platform
    if platform is not None and default is None:
        raise FileFormatError("the generic layout names the platform in each row")
    chosen = platform or default or ""
    if layout is Layout.TAOBAO and chosen not in ("taobao", "tmall"):
        raise FileFormatError("a Taobao/Tmall export is platform taobao or tmall")
    if layout in (Layout.JD, Layout.PDD) and chosen != default:
        raise FileFormatError(f"a {layout} export is platform {default}")
    drafts, errors = build_drafts(_rows(sheet, cols, chosen))
    return Parsed(layout, len(sheet.rows), drafts, errors)


def order_drafts(order: OrderIn) -> tuple[list[Draft], list[RowError]]:
    base = {
        "platform": order.platform,
        "order_no": order.platform_order_no,
        "recipient_name": order.recipient_name,
        "recipient_phone": order.recipient_phone,
        "province": order.province,
        "city": order.city,
        "district": order.district,
        "address_detail": order.address_detail,
        "carrier": order.carrier,
        "buyer_note": order.buyer_note,
        "seller_note": order.seller_note,
        "invoice_title": order.invoice_title,
        "greeting_card": order.greeting_card,
        "delivery_window": order.delivery_window,
        "handwritten_label": "yes" if order.handwritten_label else "no",
    }
    rows = [(None, {**base, "sku": line.sku, "qty": str(line.qty)}) for line in order.lines]
    return build_drafts(rows)
