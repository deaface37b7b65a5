"""Counting queries behind the overview; one warehouse at a time, never across warehouses."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from server.db.tables import Sku, SyncEntity, Warehouse
from server.orders.changes import LIVE_STATUSES
from server.orders.model import OrderView
from server.overview.schemas import CarrierCount, OrderCounts, Overview, WarehouseInfo

LOW_STOCK_THRESHOLD = 5

_LOW_STOCK_SQL = """
SELECT COUNT(*) AS n FROM (
    SELECT stock.sku FROM stock JOIN location ON location.id = stock.location
    WHERE location.warehouse = {}
    GROUP BY stock.sku HAVING SUM(stock.quantity) < {}
) AS low
"""


def _tally(orders: list[OrderView]) -> OrderCounts:
    """Counts from the materialised order state: imported, demo and device-made orders alike."""
    counts = dict.fromkeys(("printable", "held", "special", "crate", "printed", "shipped"), 0)
    carriers: dict[str, int] = {}
    for o in orders:
        counts["printed"] += o.status == "printed"
        counts["shipped"] += o.status == "shipped"
        if o.status not in LIVE_STATUSES:
            continue
        counts["printable"] += o.status == "created" and not o.hold
        counts["held"] += o.hold
        counts["crate"] += o.fields.get("needs_crate") is True
        counts["special"] += o.special
        carrier = str(o.fields.get("carrier") or "")
        carriers[carrier] = carriers.get(carrier, 0) + 1
    return OrderCounts(
        total=len(orders),
        by_carrier=[CarrierCount(carrier=c, count=n) for c, n in sorted(carriers.items())],
        **counts,
    )


async def build_overview(warehouse: dict[str, Any]) -> Overview:
    wid = warehouse["id"]
    rows = (
        await SyncEntity.select(SyncEntity.eid, SyncEntity.state)
        .where(SyncEntity.warehouse == wid, SyncEntity.etype == "order")
        .run()
    )
    low = await Sku.raw(_LOW_STOCK_SQL, wid, LOW_STOCK_THRESHOLD).run()
    tz = ZoneInfo(warehouse["timezone"])
    return Overview(
        warehouse=WarehouseInfo(
            code=warehouse["code"], name=warehouse["name"], timezone=warehouse["timezone"]
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
