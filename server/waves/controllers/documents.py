"""HTTP for a wave's printed documents and the reference data to print them offline.

Documents: pick list 配货单, sort list 二次分拣单, packing slips 发货单, handoff sheet 订单交接表
(A4: PDF, or PNG at 203/300 dpi) and shipping labels 快递单 (PDF, PNG, ZPL). Only printers and
managers of the wave's own warehouse get them; another warehouse's wave is a 404.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from litestar import Controller, Response, get
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import PathParameter, QueryParameter

from server.identity.middleware import principal_of
from server.orders import repo
from server.orders.access import AnyRequest
from server.orders.changes import LIVE_STATUSES
from server.printing.documents import HandoffEntry
from server.printing.label_layout import LabelSize
from server.printing.raster import Dpi
from server.waves import assemble, render, schedule
from server.waves.controllers.waves import PRINTERS, Code
from server.waves.operations import warehouse_info
from server.waves.render import DocKind, Fmt, UnsupportedFormatError
from server.waves.schemas import PrintRefsOut, SkuRef
from server.waves.select import label_printable, on_documents
from server.waves.views import wave_handoffs, wave_or_404, wave_orders, wave_out


class WaveDocumentsController(Controller):
    path = "/api/waves"
    tags = ["waves"]

    @get("/print-reference", guards=PRINTERS, summary="SKU names and pick bins for offline lists")
    async def print_reference(self, request: AnyRequest) -> PrintRefsOut:
        """Cached by the print view, so lists print from local state when the server is away."""
        wh = await warehouse_info(principal_of(request).warehouse_id)
        orders = await repo.orders_with_status(wh.id, LIVE_STATUSES)
        refs = await assemble.sku_refs(wh.id, (s for o in orders for s in o.lines))
        return PrintRefsOut(
            warehouse=wh.name, timezone=wh.timezone, skus=sorted(refs.values(), key=_barcode)
        )

    @get("/{code:str}/documents/{kind:str}", guards=PRINTERS, summary="A wave's document")
    async def document(
        self,
        request: AnyRequest,
        code: Code,
        kind: Annotated[DocKind, PathParameter()],
        format: Annotated[Fmt, QueryParameter()] = Fmt.PDF,
        size: Annotated[LabelSize, QueryParameter()] = LabelSize.E_WAYBILL_76X130,
        dpi: Annotated[Dpi, QueryParameter()] = Dpi.D203,
    ) -> Response[bytes]:
        wh = await warehouse_info(principal_of(request).warehouse_id)
        row = await wave_or_404(wh.id, code)
        orders = on_documents(o for _r, o in await wave_orders(int(row["id"]), wh.id))
        if kind is DocKind.LABELS:
            orders = [o for o in orders if label_printable(o)]
        if not orders:
            raise NotFoundException(f"wave {code} has nothing to print as {kind}")
        started = row["started_at"].astimezone(schedule.zone(wh.timezone))
        wave = assemble.WaveInput(code, wave_out(row, wh).name, wh.code, wh.name, started, orders)
        try:
            if kind is DocKind.LABELS:
                items = [assemble.label_data(o, wh.name, started) for o in orders]
                data, ext = await asyncio.to_thread(render.labels, items, format, size, dpi)
            else:
                doc = await _a4_document(kind, wave, row, wh.id)
                data, ext = await asyncio.to_thread(render.list_doc, kind, format, doc, dpi)
        except UnsupportedFormatError as exc:
            raise ClientException(str(exc)) from exc
        sized = f"-{size.value}" if kind is DocKind.LABELS else ""
        return Response(
            data,
            media_type=render.MEDIA[ext],
            headers={"Content-Disposition": f'attachment; filename="{code}-{kind}{sized}.{ext}"'},
        )


def _barcode(ref: SkuRef) -> str:
    return ref.barcode


async def _a4_document(
    kind: DocKind, wave: assemble.WaveInput, row: dict[str, Any], warehouse: int
) -> render.ListDoc:
    """The input of one A4 document; only what that kind prints is read."""
    if kind is DocKind.HANDOFF_SHEET:
        signed = [
            HandoffEntry(
                document=h.document,
                handed_by=h.handed_by,
                received_by=h.received_by,
                order_count=h.order_count,
                signed_at=h.signed_at.astimezone(wave.printed_at.tzinfo),
            )
            for h in await wave_handoffs(int(row["id"]), wave.code)
        ]
        return assemble.handoff_sheet(wave, row["started_by"], signed)
    if kind is DocKind.PACKING_SLIPS:
        return await assemble.packing_slips(wave, warehouse)
    pick, sort = await assemble.lists(wave, warehouse)
    return pick if kind is DocKind.PICK_LIST else sort
