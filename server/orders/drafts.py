"""Canonical rows -> order drafts, with every problem reported against its row.

A draft is one platform order; any bad row fails its whole order (nothing half-written),
while the other orders of the file still land.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from server.orders.carriers import STORED, parse_carrier
from server.orders.model import order_eid

PLATFORMS = ("taobao", "tmall", "jd", "pdd", "douyin", "other")
ORDER_NO = re.compile(r"[A-Za-z0-9_-]{1,64}")
PHONE = re.compile(r"[0-9+*\- ()]{3,32}")
LIMITS = {
    "recipient_name": 100,
    "recipient_phone": 32,
    "province": 50,
    "city": 50,
    "district": 50,
    "address_detail": 500,
    "buyer_note": 500,
    "seller_note": 500,
    "invoice_title": 200,
    "greeting_card": 500,
    "delivery_window": 100,
}
REQUIRED = ("recipient_name", "recipient_phone", "address_detail")
ORDER_FIELDS = (*LIMITS, "carrier", "handwritten_label")
ERROR_CHARS = 300  # of one stored row error
TRUE = {"1", "true", "yes", "y", "是", "需要"}
FALSE = {"", "0", "false", "no", "n", "否"}


@dataclass(frozen=True, slots=True)
class RowError:
    row: int | None
    order_no: str
    message: str

    def text(self) -> str:
        """At most ERROR_CHARS: a message quotes the cell, and the cell may be huge."""
        text = f"row {self.row}: {self.message}" if self.row is not None else self.message
        return text if len(text) <= ERROR_CHARS else text[: ERROR_CHARS - 1] + "…"


@dataclass
class Draft:
    platform: str
    order_no: str
    rows: list[int] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    sku_rows: dict[str, int | None] = field(default_factory=dict)  # first row naming each SKU
    failed: bool = False

    @property
    def eid(self) -> str:
        return order_eid(self.platform, self.order_no)


def split_address(full: str) -> dict[str, str]:
    """'浙江省 杭州市 西湖区 文三路478号' -> four parts; anything else stays whole in the detail."""
    parts = full.split(None, 3)
    if len(parts) == 4:
        return dict(zip(("province", "city", "district", "address_detail"), parts, strict=True))
    return {"province": "", "city": "", "district": "", "address_detail": full.strip()}


QTY = re.compile(r"[0-9]{1,6}")


def _qty(raw: str) -> int | None:
    """Digits only: `1e3`, `2.5` or full-width digits in a quantity column are a mistake to
    report, not a number to guess at (an XLSX number cell already arrives as digits, see
    readers.cell_text)."""
    text = raw.strip()
    if not QTY.fullmatch(text):
        return None
    value = int(text)
    return value if 1 <= value <= 100_000 else None


def row_problems(row: dict[str, str]) -> list[str]:
    """Problems of one canonical row that need no database (SKUs are checked later)."""
    problems: list[str] = []
    order_no = row.get("order_no", "")
    if not ORDER_NO.fullmatch(order_no):
        problems.append(f"bad order number {order_no!r} (1-64 of A-Z a-z 0-9 _ -)")
    if row.get("platform", "") not in PLATFORMS:
        problems.append(f"unknown platform {row.get('platform', '')!r}")
    for name in REQUIRED:
        if not row.get(name, "").strip():
            problems.append(f"missing {name}")
    phone = row.get("recipient_phone", "")
    if phone and not PHONE.fullmatch(phone):
        problems.append(f"bad phone number {phone!r}")
    for name, limit in LIMITS.items():
        if len(row.get(name, "")) > limit:
            problems.append(f"{name} longer than {limit} characters")
    carrier = row.get("carrier", "")
    if carrier and parse_carrier(carrier) is None:
        problems.append(f"unknown carrier {carrier!r}")
    if row.get("handwritten_label", "").strip().lower() not in TRUE | FALSE:
        problems.append(f"handwritten_label must be yes/no, got {row['handwritten_label']!r}")
    sku = row.get("sku", "")
    if not sku:
        problems.append("missing SKU")
    if _qty(row.get("qty", "")) is None:
        problems.append(f"quantity must be a whole number from 1, got {row.get('qty', '')!r}")
    return problems


def _order_fields(row: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {"platform": row["platform"], "platform_order_no": row["order_no"]}
    for name in LIMITS:
        value = row.get(name, "")
        if value or name in ("province", "city", "district", "address_detail"):
            fields[name] = value
    carrier = parse_carrier(row.get("carrier", ""))
    fields["carrier"] = STORED[carrier] if carrier else ""
    fields["special_request"] = "；".join(
        v for v in (row.get("buyer_note", ""), row.get("seller_note", "")) if v
    )
    fields["handwritten_label"] = row.get("handwritten_label", "").strip().lower() in TRUE
    return fields


def build_drafts(
    rows: Iterable[tuple[int | None, dict[str, str]]],
) -> tuple[list[Draft], list[RowError]]:
    """Group rows by (platform, order number); the first row of an order gives its fields."""
    drafts: dict[tuple[str, str], Draft] = {}
    errors: list[RowError] = []
    for number, row in rows:
        key = (row.get("platform", ""), row.get("order_no", ""))
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = Draft(platform=key[0], order_no=key[1])
        if number is not None:
            draft.rows.append(number)
        problems = row_problems(row)
        if problems:
            draft.failed = True
            errors += [RowError(number, key[1], p) for p in problems]
            continue
        if not draft.fields:
            draft.fields = _order_fields(row)
        qty = _qty(row["qty"])
        assert qty is not None
        draft.lines[row["sku"]] = draft.lines.get(row["sku"], 0) + qty
        draft.sku_rows.setdefault(row["sku"], number)
    return list(drafts.values()), errors
