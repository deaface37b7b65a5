"""Reads behind orders and waves: materialised order state, SKUs, op history. One warehouse.

Every read of an order by its id names the warehouse too: order ids are unique per
warehouse only (alembic 0007), so another warehouse may hold an order with the same id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from server.db.tables import CourierRoute, OpLog, Sku, SyncEntity
from server.orders.model import OrderView

CHUNK = 500


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


async def existing_orders(warehouse: int, eids: Sequence[str]) -> set[str]:
    """Those of these order ids the warehouse already holds (another's do not count)."""
    found: set[str] = set()
    for part in _chunks(eids):
        rows = await SyncEntity.select(SyncEntity.eid).where(
            SyncEntity.etype == "order",
            SyncEntity.warehouse == warehouse,
            SyncEntity.eid.is_in(list(part)),
        )
        found.update(r["eid"] for r in rows)
    return found


async def load_order(warehouse: int, eid: str) -> OrderView | None:
    row = (
        await SyncEntity.select(SyncEntity.eid, SyncEntity.state)
        .where(
            SyncEntity.etype == "order",
            SyncEntity.warehouse == warehouse,
            SyncEntity.eid == eid,
        )
        .first()
    )
    if row is None:
        return None
    return OrderView.from_row(row["eid"], warehouse, row["state"])


async def on_route(warehouse: int, eid: str, courier_pk: int | None) -> bool:
    """Whether the order is on this courier's route (a courier reads nothing else)."""
    if courier_pk is None:
        return False
    return await CourierRoute.exists().where(
        CourierRoute.warehouse == warehouse,
        CourierRoute.eid == eid,
        CourierRoute.courier == courier_pk,
    )


async def orders_with_status(warehouse: int, statuses: Sequence[str]) -> list[OrderView]:
    rows = await SyncEntity.select(SyncEntity.eid, SyncEntity.state).where(
        SyncEntity.etype == "order",
        SyncEntity.warehouse == warehouse,
        SyncEntity.status.is_in(list(statuses)),
    )
    return [OrderView.from_row(r["eid"], warehouse, r["state"]) for r in rows]


async def orders_by_eid(warehouse: int, eids: Sequence[str]) -> dict[str, OrderView]:
    found: dict[str, OrderView] = {}
    for part in _chunks(eids):
        rows = await SyncEntity.select(SyncEntity.eid, SyncEntity.state).where(
            SyncEntity.etype == "order",
            SyncEntity.warehouse == warehouse,
            SyncEntity.eid.is_in(list(part)),
        )
        found.update({r["eid"]: OrderView.from_row(r["eid"], warehouse, r["state"]) for r in rows})
    return found


@dataclass(frozen=True, slots=True)
class SkuInfo:
    barcode: str
    name_zh: str
    spec: str
    spot_checked: bool
    needs_crate: bool


async def skus(barcodes: Sequence[str]) -> dict[str, SkuInfo]:
    found: dict[str, SkuInfo] = {}
    for part in _chunks(sorted(set(barcodes))):
        rows = await Sku.select(
            Sku.barcode, Sku.name_zh, Sku.spec, Sku.spot_checked, Sku.needs_crate
        ).where(Sku.barcode.is_in(list(part)))
        found.update({r["barcode"]: SkuInfo(**r) for r in rows})
    return found


@dataclass(frozen=True, slots=True)
class LoggedOp:
    op_id: str
    kind: str
    actor: str
    wall: int
    payload: dict[str, Any]


async def order_history(warehouse: int, eid: str, kinds: Sequence[str]) -> list[LoggedOp]:
    """The order's ops of these kinds in op order (wall, ctr, device, seq)."""
    rows = await OpLog.select(OpLog.op_json).where(
        OpLog.warehouse == warehouse,
        OpLog.entity_type == "order",
        OpLog.entity_id == eid,
        OpLog.kind.is_in(list(kinds)),
    )
    ops = [json.loads(r["op_json"]) for r in rows]
    ops.sort(key=lambda o: (o["wall"], o["ctr"], o["device"], o["seq"]))
    return [
        LoggedOp(f"{o['device']}:{o['seq']}", o["kind"], o["actor"], o["wall"], o["payload"])
        for o in ops
    ]
