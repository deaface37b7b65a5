"""Reads and writes the warehouse's shipping settings (one row per warehouse)."""

from __future__ import annotations

from datetime import UTC, datetime

from server.db.engine import write_transaction
from server.db.tables import ShipSettings
from server.shipping.schemas import ShipSettingsOut
from sync import shipping


async def ship_settings(warehouse_id: int) -> ShipSettingsOut:
    """The warehouse's settings; the core's defaults where none were set."""
    row = await ShipSettings.select().where(ShipSettings.warehouse == warehouse_id).first()
    if row is None:
        return ShipSettingsOut(list(shipping.CRATE_SLOTS), False, None)
    return ShipSettingsOut(row["crate_slots"].split(","), bool(row["promotion"]), row["updated_by"])


class ShippingService:
    async def settings(self, warehouse_id: int) -> ShipSettingsOut:
        return await ship_settings(warehouse_id)

    async def set_settings(
        self, warehouse_id: int, by: str, slots: list[str], promotion: bool
    ) -> ShipSettingsOut:
        """Replace the row in one transaction (never none, never two)."""
        async with write_transaction(ShipSettings._meta.db):
            await ShipSettings.delete().where(ShipSettings.warehouse == warehouse_id)
            await ShipSettings.insert(
                ShipSettings(
                    warehouse=warehouse_id,
                    crate_slots=",".join(sorted(set(slots))),
                    promotion=promotion,
                    updated_by=by,
                    updated_at=datetime.now(UTC),
                )
            )
        return await ship_settings(warehouse_id)
