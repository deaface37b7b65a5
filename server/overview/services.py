"""Counting queries behind the overview; one warehouse at a time, never across warehouses."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from server.db.tables import Sku, SyncEntity, Warehouse
from server.orders.model import OrderView
from server.overview.schemas import CarrierCount, OrderCounts, Overview, WarehouseInfo
from server.shipping.services import ship_settings
from server.waves.operations import warehouse_info
from sync import rules

LOW_STOCK_THRESHOLD = 5

_LOW_STOCK_SQL = """
SELECT COUNT(*) AS n FROM (
    SELECT stock.sku FROM stock JOIN location ON location.id = stock.location
    WHERE location.warehouse = {}
    GROUP BY stock.sku HAVING SUM(stock.quantity) < {}
) AS low
"""


def _tally(orders: list[OrderView]) -> OrderCounts:
    """Counts from the materialised order state: imported, demo and device-made orders alike
    (the rule is the core's, so the phone's offline home screen counts the same)."""
    counts = rules.order_counts(orders)
    by = [CarrierCount(carrier=c["carrier"], count=c["count"]) for c in counts.pop("by_carrier")]
    return OrderCounts(by_carrier=by, **counts)


async def build_overview(warehouse: dict[str, Any]) -> Overview:
    wid = warehouse["id"]
    rows = (
        await SyncEntity.select(SyncEntity.eid, SyncEntity.state)
        .where(SyncEntity.warehouse == wid, SyncEntity.etype == "order")
        .run()
    )
    low = await Sku.raw(_LOW_STOCK_SQL, wid, LOW_STOCK_THRESHOLD).run()
    tz = ZoneInfo(warehouse["timezone"])
    times = await warehouse_info(wid)
    ship = await ship_settings(wid)
    return Overview(
        warehouse=WarehouseInfo(
            code=warehouse["code"],
            name=warehouse["name"],
            timezone=warehouse["timezone"],
            wave_times=list(times.times),
            crate_handoffs=ship.crate_slots,
            promotion=ship.promotion,
            utc_offset_min=int((datetime.now(tz).utcoffset() or timedelta()).total_seconds() // 60),
        ),
        date=datetime.now(tz).date().isoformat(),
        orders=_tally([OrderView.from_row(r["eid"], wid, r["state"]) for r in rows]),
        skus=int(await Sku.count().run()),
        low_stock=int(low[0]["n"]) if low else 0,
    )


async def find_warehouse(code: str) -> dict[str, Any] | None:
    return await Warehouse.select().where(Warehouse.code == code).first().run()


class OverviewService:
    """The overview of the caller's own warehouse (another one is "not found")."""

    async def overview(self, warehouse_code: str) -> Overview | None:
        found = await find_warehouse(warehouse_code)
        return None if found is None else await build_overview(found)
