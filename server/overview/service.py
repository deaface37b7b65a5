"""Counting queries behind the overview; one warehouse at a time, never across warehouses."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.query.functions.aggregate import Count

from server.db.tables import SalesOrder, Sku, Warehouse
from server.overview.schemas import CarrierCount, OrderCounts, Overview, WarehouseInfo

LOW_STOCK_THRESHOLD = 5

_LOW_STOCK_SQL = """
SELECT COUNT(*) AS n FROM (
    SELECT stock.sku FROM stock JOIN location ON location.id = stock.location
    WHERE location.warehouse = {}
    GROUP BY stock.sku HAVING SUM(stock.quantity) < {}
) AS low
"""


async def _count(*where: Any) -> int:
    return int(await SalesOrder.count().where(*where).run())


async def build_overview(warehouse: dict[str, Any]) -> Overview:
    wid = warehouse["id"]
    mine = SalesOrder.warehouse == wid
    special = (
        (SalesOrder.special_request != "")
        | SalesOrder.needs_crate.eq(True)
        | (SalesOrder.handwritten_label.eq(True))
    )
    open_orders = SalesOrder.status.is_in(["created", "printed", "picked", "packed"])
    carriers = await (
        SalesOrder.select(SalesOrder.carrier, Count(alias="count"))
        .where(mine, open_orders)
        .group_by(SalesOrder.carrier)
        .order_by(SalesOrder.carrier)
        .run()
    )
    low = await SalesOrder.raw(_LOW_STOCK_SQL, wid, LOW_STOCK_THRESHOLD).run()
    tz = ZoneInfo(warehouse["timezone"])
    return Overview(
        warehouse=WarehouseInfo(
            code=warehouse["code"], name=warehouse["name"], timezone=warehouse["timezone"]
        ),
        date=datetime.now(tz).date().isoformat(),
        orders=OrderCounts(
            total=await _count(mine),
            printable=await _count(
                mine, SalesOrder.status == "created", SalesOrder.on_hold.eq(False)
            ),
            held=await _count(mine, SalesOrder.on_hold.eq(True), open_orders),
            special=await _count(mine, special, open_orders),
            crate=await _count(mine, SalesOrder.needs_crate.eq(True), open_orders),
            printed=await _count(mine, SalesOrder.status == "printed"),
            shipped=await _count(mine, SalesOrder.status == "shipped"),
            by_carrier=[
                CarrierCount(carrier=r["carrier"], count=int(r["count"])) for r in carriers
            ],
        ),
        skus=int(await Sku.count().run()),
        low_stock=int(low[0]["n"]) if low else 0,
    )


async def find_warehouse(code: str) -> dict[str, Any] | None:
    return await Warehouse.select().where(Warehouse.code == code).first().run()
