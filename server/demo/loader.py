"""Write the demo warehouse through Piccolo in one transaction: all of it lands or none."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from piccolo.table import Table

from server.db.engine import AnyEngine, write_transaction
from server.db.tables import (
    AppUser,
    Location,
    OrderLine,
    Parcel,
    SalesOrder,
    Sku,
    Stock,
    UserWarehouse,
    Warehouse,
)
from server.demo.builder import SHANGHAI, DemoData, build_demo
from server.demo.catalogue import STAFF, STAFF_HZ02
from server.security import hash_pin

DEMO_PIN = "1234"
WAREHOUSES = [("SH01", "上海一号仓 Shanghai DC1"), ("HZ02", "杭州二号仓 Hangzhou DC2")]


async def _insert(rows: Sequence[Table], chunk: int = 200) -> None:
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        await type(part[0]).insert(*part).run()


async def _ids(table: type[Table], key: str, *where: object) -> dict[str, int]:
    query = table.select(table._meta.primary_key, table._meta.get_column_by_name(key))
    rows = await (query.where(*where) if where else query).run()  # type: ignore[arg-type]
    return {str(r[key]): int(r["id"]) for r in rows}


async def demo_is_loaded() -> bool:
    return bool(await Warehouse.exists().where(Warehouse.code == "SH01").run())


async def load_demo(engine: AnyEngine, now: datetime | None = None) -> DemoData:
    now = now or datetime.now(SHANGHAI)
    data = build_demo(now)
    created = datetime.now(UTC)
    pin_hash = hash_pin(DEMO_PIN)
    async with write_transaction(engine):
        await _insert(
            [
                Warehouse(code=c, name=n, timezone="Asia/Shanghai", created_at=created)
                for c, n in WAREHOUSES
            ]
        )
        wh = await _ids(Warehouse, "code")
        staff = [("SH01", *row) for row in STAFF] + [("HZ02", *row) for row in STAFF_HZ02]
        await _insert(
            [
                AppUser(
                    warehouse=wh[w],
                    employee_code=code,
                    name=name,
                    roles=",".join(roles),
                    pin_hash=pin_hash,
                    active=True,
                    created_at=created,
                )
                for w, code, name, roles in staff
            ]
        )
        users = await _ids(AppUser, "employee_code")
        await _insert(
            [UserWarehouse(user=users[code], warehouse=wh[w]) for w, code, _n, _r in staff]
        )
        await _insert([Sku(**vars(s), created_at=created) for s in data.skus])
        sku = await _ids(Sku, "barcode")
        crate = {s.barcode for s in data.skus if s.needs_crate}
        loc: dict[tuple[str, str], int] = {}
        for code, bins in data.locations.items():
            await _insert(
                [Location(warehouse=wh[code], code=c, zone=z, walk_order=w) for c, z, w in bins]
            )
            for c, i in (await _ids(Location, "code", Location.warehouse == wh[code])).items():
                loc[(code, c)] = i
        await _insert(
            [Stock(sku=sku[b], location=loc[(w, c)], quantity=q) for w, b, c, q in data.stock]
        )
        await _insert(
            [
                SalesOrder(
                    warehouse=wh[o.warehouse],
                    needs_crate=any(b in crate for b, _ in o.lines),
                    updated_at=o.received_at,
                    **{
                        k: v
                        for k, v in vars(o).items()
                        if k not in {"warehouse", "lines", "tracking_no"}
                    },
                )
                for o in data.orders
            ]
        )
        order = await _ids(SalesOrder, "platform_order_no")
        await _insert(
            [
                OrderLine(
                    order=order[o.platform_order_no], sku=sku[b], quantity=q, picked_quantity=0
                )
                for o in data.orders
                for b, q in o.lines
            ]
        )
        await _insert(
            [
                Parcel(
                    order=order[o.platform_order_no],
                    tracking_no=o.tracking_no,
                    carrier=o.carrier,
                    label_version=1,
                    status="shipped" if o.status == "shipped" else "labelled",
                    created_at=o.received_at,
                )
                for o in data.orders
                if o.tracking_no
            ]
        )
    return data
