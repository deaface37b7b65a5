"""The same 16:00 wave end to end on a real (SQLite) database: import -> wave -> documents.

Used by `bench/print_wave.py --db`: orders go in as order.create ops through the sync ingest,
the wave start selects them and pushes label.print ops, and every document is assembled from
the materialised order state exactly as the HTTP endpoints do.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from server.db import Connector
from server.db.database import Database
from server.db.migrate import upgrade_to_head
from server.db.tables import Location, Sku, Stock, Warehouse
from server.db.url import parse_database_url
from server.orders import importer
from server.orders.changes import Staff
from server.orders.drafts import build_drafts
from server.orders.services import OrdersService
from server.printing.label_layout import LabelSize
from server.printing.raster import Dpi
from server.settings import Settings
from server.sync.services import SyncService
from server.waves import assemble, render
from server.waves.operations import start_wave, warehouse_info
from server.waves.render import DocKind, Fmt
from server.waves.select import label_printable
from server.waves.views import wave_orders, wave_out

Row = tuple[str, float]


async def _catalogue(skus: list[tuple[str, str, str, str, int, bool]]) -> int:
    now = datetime.now(UTC)
    wh = Warehouse(code="BW16", name="杭州余杭一号仓", timezone="Asia/Shanghai", created_at=now)
    await wh.save()
    await Sku.insert(
        *[
            Sku(barcode=b, name_zh=n, name_en=n, spec=s, spot_checked=c, created_at=now)
            for b, n, s, _loc, _w, c in skus
        ]
    )
    locs = [
        Location(warehouse=wh.id, code=loc, zone=loc[0], walk_order=w) for *_x, loc, w, _c in skus
    ]
    await Location.insert(*locs)
    ids = {r["barcode"]: r["id"] for r in await Sku.select(Sku.id, Sku.barcode)}
    lids = {r["code"]: r["id"] for r in await Location.select(Location.id, Location.code)}
    await Stock.insert(*[Stock(sku=ids[s[0]], location=lids[s[3]], quantity=500) for s in skus])
    return int(wh.id)


async def _run(wave: Any, out: Path, rows: list[Row]) -> None:
    async def timed(name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = await fn()
        rows.append((name, time.perf_counter() - start))
        return result

    skus = sorted(
        {
            (d.sku_barcode, d.sku_name, d.spec, d.location_code, d.walk_order, d.spot_checked)
            for d in wave.demands
        }
    )
    wh_id = await _catalogue(skus)
    settings = Settings.from_env({}, database_url=f"sqlite:///{out / 'bench.db'}")
    url = parse_database_url(settings.database_url)
    sync = SyncService(Connector(url, settings.sqlite_busy_timeout_ms))
    await sync.connector.start()
    clock = {"now": datetime(2024, 6, 1, 7, 0, tzinfo=UTC)}  # 15:00 in Shanghai
    service = OrdersService(sync, now=lambda: clock["now"])
    try:
        canon = [
            (
                n,
                {
                    "platform": "taobao",
                    "order_no": lb.order_no.removeprefix("TB"),
                    "recipient_name": lb.recipient_name,
                    "recipient_phone": lb.recipient_phone,
                    "province": lb.province,
                    "city": lb.city,
                    "district": lb.district,
                    "address_detail": lb.address_detail,
                    "sku": line.sku_barcode,
                    "qty": str(line.qty),
                    "carrier": lb.carrier.value,
                    "buyer_note": lb.special_request or "",
                },
            )
            for n, (lb, slip) in enumerate(zip(wave.labels, wave.slips, strict=True))
            for line in slip.lines
        ]
        drafts, errors = build_drafts(canon)
        assert not errors, errors[:3]
        await timed("import (ops)", lambda: importer.land(service, wh_id, "B-CS", drafts, []))
        clock["now"] = datetime(2024, 6, 1, 8, 1, tzinfo=UTC)  # 16:01 in Shanghai
        wh = await warehouse_info(wh_id)
        row, _ = await timed(
            "start wave", lambda: start_wave(service, wh, Staff("B-PRN", "打单员"), "16:00", None)
        )
        pairs = await timed("load wave", lambda: wave_orders(int(row["id"]), wh_id))
        orders = [o for _r, o in pairs if label_printable(o)]
        info = wave_out(row, wh)
        win = assemble.WaveInput(info.code, info.name, wh.code, wh.name, clock["now"], orders)
        labels = [assemble.label_data(o, wh.name, clock["now"]) for o in orders]
        await timed(
            "labels pdf",
            lambda: asyncio.to_thread(
                render.labels, labels, Fmt.PDF, LabelSize.E_WAYBILL_76X130, Dpi.D203
            ),
        )
        pick, sort = await timed("assemble lists", lambda: assemble.lists(win, wh_id))
        await timed(
            "pick list pdf",
            lambda: asyncio.to_thread(render.list_doc, DocKind.PICK_LIST, Fmt.PDF, pick),
        )
        await timed(
            "sort list pdf",
            lambda: asyncio.to_thread(render.list_doc, DocKind.SORT_LIST, Fmt.PDF, sort),
        )
        slips = await assemble.packing_slips(win, wh_id)
        await timed(
            "slips pdf",
            lambda: asyncio.to_thread(render.list_doc, DocKind.PACKING_SLIPS, Fmt.PDF, slips),
        )
        assert len(orders) == len(wave.labels), (len(orders), len(wave.labels))
    finally:
        await sync.connector.close()


def end_to_end(wave: Any) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        settings = Settings.from_env({}, database_url=f"sqlite:///{out / 'bench.db'}")
        upgrade_to_head(parse_database_url(settings.database_url))
        database = Database(settings)
        database.bind()

        async def main() -> None:
            async with database.lifespan(None):  # type: ignore[arg-type]
                await _run(wave, out, rows)

        asyncio.run(main())
    return rows
