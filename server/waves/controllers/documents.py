"""HTTP for a wave's printed documents and the reference data to print them offline.

Documents: pick list 配货单, sort list 二次分拣单, packing slips 发货单, handoff sheet 订单交接表
(A4: PDF, or PNG at 203/300 dpi) and shipping labels 快递单 (PDF, PNG, ZPL). Only printers and
managers of the wave's own warehouse get them; another warehouse's wave is a 404.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter

from server.identity.middleware import principal_of
from server.orders.access import AnyRequest
from server.printing.label_layout import LabelSize
from server.printing.raster import Dpi
from server.waves.controllers.waves import FLOOR, PRINTERS, Code
from server.waves.render import DocKind, Fmt
from server.waves.schemas import PrintRefsOut
from server.waves.services import Document, WavesService

PICKERS = FLOOR  # the pick screen reads the print reference too (issue 12)


def attachment(doc: Document) -> Response[bytes]:
    return Response(
        doc.data,
        media_type=doc.media_type,
        headers={"Content-Disposition": f'attachment; filename="{doc.filename}"'},
    )


class WaveDocumentsController(Controller):
    path = "/api/waves"
    tags = ["waves"]

    @get("/print-reference", guards=PICKERS, summary="SKU names and pick bins for offline lists")
    async def print_reference(
        self, request: AnyRequest, waves_service: NamedDependency[WavesService]
    ) -> PrintRefsOut:
        """Cached by the print view, so lists print from local state when the server is away,
        and by the pick screen (bins, walk order, spot-check marks), so pickers pick offline."""
        return await waves_service.print_reference(principal_of(request))

    @get("/{code:str}/documents/{kind:str}", guards=PRINTERS, summary="A wave's document")
    async def document(
        self,
        request: AnyRequest,
        code: Code,
        kind: Annotated[DocKind, PathParameter()],
        waves_service: NamedDependency[WavesService],
        format: Annotated[Fmt, QueryParameter()] = Fmt.PDF,
        size: Annotated[LabelSize, QueryParameter()] = LabelSize.E_WAYBILL_76X130,
        dpi: Annotated[Dpi, QueryParameter()] = Dpi.D203,
    ) -> Response[bytes]:
        doc = await waves_service.document(principal_of(request), code, kind, format, size, dpi)
        return attachment(doc)
