"""HTTP for orders in: JSON create, platform export import, the import's error CSV, one order."""

from __future__ import annotations

import json
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import ClientException, HTTPException, NotFoundException
from litestar.params import FromPath, JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_413_REQUEST_ENTITY_TOO_LARGE

from server.db.tables import OrderImport
from server.identity.middleware import principal_of, requires, signed_in
from server.orders import importer
from server.orders.access import AnyRequest, order_for, service_of, staff_of
from server.orders.drafts import RowError
from server.orders.export import to_csv
from server.orders.layouts import Layout
from server.orders.readers import FileFormatError
from server.orders.schemas import ImportOut, OrderCreated, OrderIn, OrderOut, RowErrorOut
from server.orders.upload import order_drafts, parse_upload
from server.orders.views import order_out
from server.roles import Role

MAX_UPLOAD = 20 * 1024 * 1024
OFFICE = [requires(Role.CS, Role.MANAGER)]
FORM_FIELDS = {"file", "layout", "platform"}


def _error(e: RowError) -> RowErrorOut:
    return RowErrorOut(row=e.row, order_no=e.order_no, message=e.text())


async def _upload(request: AnyRequest) -> tuple[str, bytes, Layout | None, str | None]:
    try:
        form = await request.form()
    except HTTPException:
        raise
    except Exception as exc:  # the multipart parser's own errors: a malformed upload
        raise ClientException(f"malformed multipart upload: {exc}") from exc
    unknown = sorted(set(form.keys()) - FORM_FIELDS)
    if unknown:
        raise ClientException(f"unknown form field {unknown[0]!r}; expected {sorted(FORM_FIELDS)}")
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise ClientException("send the export as multipart form field 'file'")
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise HTTPException(
            status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            detail=f"file is larger than {MAX_UPLOAD // (1024 * 1024)} MB: split the export",
        )
    if not data:
        raise ClientException("the uploaded file is empty")
    layout_raw, platform = form.get("layout"), form.get("platform")
    layout: Layout | None = None
    if isinstance(layout_raw, str) and layout_raw:
        try:
            layout = Layout(layout_raw)
        except ValueError:
            raise ClientException(f"layout must be one of {[x.value for x in Layout]}") from None
    chosen = platform if isinstance(platform, str) and platform else None
    return upload.filename or "upload", data, layout, chosen


class OrdersController(Controller):
    path = "/api/orders"
    tags = ["orders"]

    @post("/", guards=OFFICE, status_code=HTTP_201_CREATED, summary="Create one order (JSON)")
    async def create(self, request: AnyRequest, data: JSONBody[OrderIn]) -> Response[OrderCreated]:
        p = principal_of(request)
        drafts, errors = order_drafts(data)
        out = await importer.land(
            service_of(request), p.warehouse_id, staff_of(p).code, drafts, errors
        )
        if out.errors:
            raise ClientException(
                "; ".join(e.text() for e in out.errors),
                extra={"errors": [e.message for e in out.errors]},
            )
        (eid,) = [*out.created, *out.existing]
        if out.created:
            return Response(OrderCreated(eid=eid, status="created"), status_code=HTTP_201_CREATED)
        return Response(OrderCreated(eid=eid, status="existing"), status_code=HTTP_200_OK)

    @post(
        "/import",
        guards=OFFICE,
        status_code=HTTP_200_OK,
        request_max_body_size=MAX_UPLOAD + 1024 * 1024,
        summary="Import a Taobao/Tmall, JD, Pinduoduo or generic CSV/XLSX export",
    )
    async def import_file(self, request: AnyRequest) -> ImportOut:
        p = principal_of(request)
        filename, data, layout, platform = await _upload(request)
        try:
            parsed = parse_upload(filename, data, layout, platform)
        except FileFormatError as exc:
            raise ClientException(f"{filename}: {exc}") from exc
        service = service_of(request)
        by = staff_of(p).code
        out = await importer.land(service, p.warehouse_id, by, parsed.drafts, parsed.errors)
        record = OrderImport(
            warehouse=p.warehouse_id,
            filename=filename[:255],
            layout=parsed.layout.value,
            imported_by=by,
            imported_at=service.now(),
            row_count=parsed.rows,
            created=len(out.created),
            existing=len(out.existing),
            failed=len(out.failed),
            errors=json.dumps(
                [[e.row, e.order_no, e.text()] for e in out.errors], ensure_ascii=False
            ),
        )
        await record.save()
        return ImportOut(
            import_id=int(record.id),
            layout=parsed.layout.value,
            rows=parsed.rows,
            created=len(out.created),
            existing=len(out.existing),
            failed=len(out.failed),
            created_orders=out.created,
            errors=[_error(e) for e in out.errors],
            errors_csv=f"/api/orders/imports/{record.id}/errors.csv" if out.errors else None,
        )

    @get("/imports/{import_id:int}/errors.csv", guards=OFFICE, summary="An import's row errors")
    async def import_errors(self, request: AnyRequest, import_id: FromPath[int]) -> Response[bytes]:
        p = principal_of(request)
        row = (
            await OrderImport.select(OrderImport.errors, OrderImport.filename)
            .where(OrderImport.id == import_id, OrderImport.warehouse == p.warehouse_id)
            .first()
        )
        if row is None:
            raise NotFoundException(f"no import {import_id} in warehouse {p.warehouse_code}")
        body = to_csv(["row", "order_no", "error"], json.loads(row["errors"]))
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="import-{import_id}-errors.csv"'
            },
        )

    @get("/{eid:str}", guards=[signed_in], summary="One order as it is now")
    async def show(
        self, request: AnyRequest, eid: Annotated[str, PathParameter(max_length=256)]
    ) -> OrderOut:
        return order_out(await order_for(principal_of(request), eid))
