"""Build platform exports (CSV/XLSX) and read demo SKUs, for the orders and waves tests."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

import asyncpg
from litestar.testing import AsyncTestClient
from openpyxl import Workbook

from server.db.url import parse_database_url
from server.demo.builder import build_demo
from server.orders.model import ADDRESS_KEYS, order_eid

TAOBAO = ["订单编号", "收货人姓名", "联系手机", "收货地址", "商家编码", "宝贝数量", "买家留言"]
JD = ["订单号", "客户姓名", "联系电话", "客户地址", "商家SKU", "订购数量", "订单备注", "发票抬头"]
PDD = ["订单号", "收货人", "手机", "省", "市", "区", "街道", "商家编码-SKU维度", "商品数量(件)"]
GENERIC = [
    "platform",
    "platform_order_no",
    *ADDRESS_KEYS,
    "sku",
    "qty",
    "carrier",
    "greeting_card",
]


def csv_bytes(
    header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8-sig"
) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def demo_skus(n: int = 3, crate: bool = False) -> list[str]:
    """Barcodes of the demo catalogue (deterministic, so no database round trip)."""
    from conftest import DEMO_NOW

    skus = [s.barcode for s in build_demo(DEMO_NOW).skus if s.needs_crate == crate]
    return skus[:n]


async def fetch(url: str, sql: str, *args: object) -> list[tuple[Any, ...]]:
    """Read the test database on a connection of the test's own (the app runs in another
    event loop, so its Piccolo pool cannot be borrowed). SQL uses ? placeholders."""
    parsed = parse_database_url(url)
    if parsed.kind == "sqlite":
        conn = sqlite3.connect(str(parsed.sqlite_path))
        try:
            return [tuple(r) for r in conn.execute(sql, args).fetchall()]
        finally:
            conn.close()
    n = iter(range(1, 100))
    pg_sql = "".join(f"${next(n)}" if ch == "?" else ch for ch in sql)
    pg = await asyncpg.connect(parsed.raw)
    try:
        return [tuple(r) for r in await pg.fetch(pg_sql, *args)]
    finally:
        await pg.close()


async def upload(
    client: AsyncTestClient[Any],
    data: bytes,
    filename: str = "orders.csv",
    **form: str,
) -> Any:
    return await client.post(
        "/api/orders/import", files={"file": (filename, data)}, data=form or None
    )


async def ops_of(url: str, eid: str, kind: str | None = None) -> list[dict[str, Any]]:
    rows = await fetch(
        url, "SELECT kind, actor, op_json FROM op_log WHERE entity_id = ? ORDER BY seq", eid
    )
    return [{"kind": k, "actor": a, "op": json.loads(j)} for k, a, j in rows if kind in (None, k)]


def order_json(order_no: str, skus: Sequence[str], **over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "platform": "tmall",
        "platform_order_no": order_no,
        "recipient_name": "欧阳娜娜",
        "recipient_phone": "13900001111",
        "province": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "address_detail": "科技园南路 88 号 腾讯滨海大厦 3 楼（前台代收）",
        "lines": [{"sku": s, "qty": 1} for s in skus],
    }
    body.update(over)
    return body


def demo_order(status: str, warehouse: str = "SH01", on_hold: bool = False, n: int = 0) -> str:
    """The eid of the n-th demo order in this state (the demo is deterministic)."""
    from conftest import DEMO_NOW

    found = [
        order_eid(o.platform, o.platform_order_no)
        for o in build_demo(DEMO_NOW).orders
        if o.status == status and o.warehouse == warehouse and o.on_hold == on_hold
    ]
    return found[n]
