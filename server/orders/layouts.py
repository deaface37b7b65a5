"""Column layouts of platform order exports, mapped to one canonical row (docs/order-import.md).

Every layout is one row per order line; the order number repeats on each line of an order.
A layout is recognised when all its required headers are present; `generic` is ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Layout(StrEnum):
    TAOBAO = "taobao"  # 淘宝 / 天猫 (Tmall uses the same export)
    JD = "jd"  # 京东
    PDD = "pdd"  # 拼多多
    GENERIC = "generic"


@dataclass(frozen=True, slots=True)
class ColumnMap:
    platform: str | None  # None: each row names its platform (generic layout)
    required: dict[str, tuple[str, ...]]  # canonical -> accepted headers (first is documented)
    optional: dict[str, tuple[str, ...]]

    def resolve(self, headers: list[str]) -> dict[str, int] | None:
        """canonical field -> column index, or None if a required header is missing."""
        index = {h: i for i, h in reversed(list(enumerate(headers)))}
        out: dict[str, int] = {}
        for table, need in ((self.required, True), (self.optional, False)):
            for field, names in table.items():
                hit = next((index[n] for n in names if n in index), None)
                if hit is not None:
                    out[field] = hit
                elif need:
                    return None
        return out


_NOTES = {"buyer_note": ("买家留言",), "seller_note": ("卖家备注", "商家备注", "订单备注")}

LAYOUTS: dict[Layout, ColumnMap] = {
    Layout.TAOBAO: ColumnMap(
        platform="taobao",
        required={
            "order_no": ("订单编号",),
            "recipient_name": ("收货人姓名",),
            "recipient_phone": ("联系手机", "联系电话"),
            "full_address": ("收货地址",),
            "sku": ("商家编码", "商品条码"),
            "qty": ("宝贝数量", "购买数量"),
        },
        optional={
            **_NOTES,
            "carrier": ("物流公司",),
            "invoice_title": ("发票抬头",),
        },
    ),
    Layout.JD: ColumnMap(
        platform="jd",
        required={
            "order_no": ("订单号",),
            "recipient_name": ("客户姓名",),
            "recipient_phone": ("联系电话", "客户电话"),
            "full_address": ("客户地址",),
            "sku": ("商家SKU", "商家SKU编码"),
            "qty": ("订购数量",),
        },
        optional={
            "buyer_note": ("订单备注",),
            "seller_note": ("商家备注",),
            "carrier": ("配送方式", "物流公司"),
            "invoice_title": ("发票抬头",),
            "delivery_window": ("送货时间", "期望配送时间"),
        },
    ),
    Layout.PDD: ColumnMap(
        platform="pdd",
        required={
            "order_no": ("订单号",),
            "recipient_name": ("收货人",),
            "recipient_phone": ("手机",),
            "province": ("省",),
            "city": ("市",),
            "district": ("区",),
            "address_detail": ("街道", "详细地址"),
            "sku": ("商家编码-SKU维度", "商家编码"),
            "qty": ("商品数量(件)", "商品数量"),
        },
        optional={**_NOTES, "carrier": ("快递公司",)},
    ),
    Layout.GENERIC: ColumnMap(
        platform=None,
        required={
            "platform": ("platform",),
            "order_no": ("platform_order_no",),
            "recipient_name": ("recipient_name",),
            "recipient_phone": ("recipient_phone",),
            "province": ("province",),
            "city": ("city",),
            "district": ("district",),
            "address_detail": ("address_detail",),
            "sku": ("sku",),
            "qty": ("qty",),
        },
        optional={
            name: (name,)
            for name in (
                "carrier",
                "buyer_note",
                "seller_note",
                "invoice_title",
                "greeting_card",
                "delivery_window",
                "handwritten_label",
            )
        },
    ),
}


def detect(headers: list[str]) -> tuple[Layout, dict[str, int]] | None:
    """The layout whose required headers are all present (most matched columns wins)."""
    best: tuple[int, Layout, dict[str, int]] | None = None
    for layout, cmap in LAYOUTS.items():
        cols = cmap.resolve(headers)
        if cols is not None and (best is None or len(cols) > best[0]):
            best = (len(cols), layout, cols)
    return None if best is None else (best[1], best[2])


def required_headers(layout: Layout) -> list[str]:
    return [names[0] for names in LAYOUTS[layout].required.values()]
