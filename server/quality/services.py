"""Queries of the quality slice: the catalogue's per-SKU rows for the spot-check draw."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from server.db.tables import Sku, SyncEntity, Warehouse
from server.quality import report
from server.quality.schemas import InspectionReport, SkuRow, SkuRows
from sync import rules

# Stock per SKU in one warehouse (SKUs it holds no row for are not on its shelf).
_STOCK_SQL = """
SELECT sku.barcode AS barcode, sku.spot_checked AS marked, SUM(stock.quantity) AS qty
FROM stock JOIN location ON location.id = stock.location JOIN sku ON sku.id = stock.sku
WHERE location.warehouse = {}
GROUP BY sku.barcode, sku.spot_checked
"""


def shipped_units(states: list[dict[str, Any]]) -> dict[str, int]:
    """Units per SKU on the warehouse's orders that have left (the core's GONE set)."""
    out: dict[str, int] = {}
    for state in states:
        if state.get("status") in rules.GONE:
            for sku, qty in (state.get("lines") or {}).items():
                out[sku] = out.get(sku, 0) + qty
    return out


class QualityService:
    async def sku_rows(self, warehouse_id: int, warehouse_code: str) -> SkuRows:
        stock = await Sku.raw(_STOCK_SQL, warehouse_id).run()
        orders = (
            await SyncEntity.select(SyncEntity.state)
            .where(SyncEntity.warehouse == warehouse_id, SyncEntity.etype == "order")
            .run()
        )
        shipped = shipped_units([o["state"] for o in orders if isinstance(o["state"], dict)])
        marked = {r["barcode"]: bool(r["marked"]) for r in stock}
        qty = {r["barcode"]: int(r["qty"] or 0) for r in stock}
        if shipped:  # SKUs shipped but not stocked here still need their flag
            for r in await Sku.select(Sku.barcode, Sku.spot_checked).where(
                Sku.barcode.is_in(sorted(set(shipped) - set(marked)) or [""])
            ):
                marked[r["barcode"]] = bool(r["spot_checked"])
        rows = [
            SkuRow(
                sku=f"{warehouse_code}:{b}",
                available=qty.get(b, 0),
                shipped=shipped.get(b, 0),
                marked=marked.get(b, False),
            )
            for b in sorted(set(qty) | set(shipped))
        ]
        return SkuRows(warehouse=warehouse_code, rows=rows)

    async def report(
        self, warehouse_id: int, day: date, receipt: str | None
    ) -> tuple[InspectionReport, str]:
        """The report and the warehouse's name (for the PDF heading)."""
        wh = await Warehouse.select().where(Warehouse.id == warehouse_id).first().run()
        assert wh is not None  # the caller's own warehouse
        found = await report.build(warehouse_id, wh["code"], wh["timezone"], day, receipt)
        return found, str(wh["name"])

    async def report_pdf(self, found: InspectionReport, name: str) -> bytes:
        return await asyncio.to_thread(report.pdf, found, name)
