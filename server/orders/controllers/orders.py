"""HTTP for orders in: JSON create, platform export import, the import's error CSV, one order."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, HTTPException
from litestar.params import JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_413_REQUEST_ENTITY_TOO_LARGE

from server.identity.middleware import principal_of, requires, signed_in
from server.openapi import with_request_body
from server.orders.access import AnyRequest
from server.orders.drafts import PLATFORMS
from server.orders.layouts import Layout
from server.orders.schemas import ImportOut, OrderCreated, OrderIn, OrderOut
from server.orders.services import OrdersService
from server.roles import Role

MAX_UPLOAD = 20 * 1024 * 1024
OFFICE = [requires(Role.CS, Role.MANAGER)]
FORM_FIELDS = {"file", "layout", "platform"}
IMPORT_OPERATION = with_request_body(
    {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "additionalProperties": False,
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "layout": {"type": "string", "enum": [x.value for x in Layout]},
                        "platform": {"type": "string", "enum": list(PLATFORMS)},
                    },
                }
            }
        },
    }
)
# Import ids are INTEGER (32-bit on PostgreSQL): a larger id is a 400, never a driver error.
MAX_ID = 2**31 - 1


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
    async def create(
        self,
        request: AnyRequest,
        data: JSONBody[OrderIn],
        orders_service: NamedDependency[OrdersService],
    ) -> Response[OrderCreated]:
        out = await orders_service.create(principal_of(request), data)
        status = HTTP_201_CREATED if out.status == "created" else HTTP_200_OK
        return Response(out, status_code=status)

    @post(
        "/import",
        guards=OFFICE,
        status_code=HTTP_200_OK,
        request_max_body_size=MAX_UPLOAD + 1024 * 1024,
        summary="Import a Taobao/Tmall, JD, Pinduoduo or generic CSV/XLSX export",
        operation_class=IMPORT_OPERATION,
    )
    async def import_file(
        self, request: AnyRequest, orders_service: NamedDependency[OrdersService]
    ) -> ImportOut:
        filename, data, layout, platform = await _upload(request)
        return await orders_service.import_file(
            principal_of(request), filename, data, layout, platform
        )

    @get("/imports/{import_id:int}/errors.csv", guards=OFFICE, summary="An import's row errors")
    async def import_errors(
        self,
        request: AnyRequest,
        import_id: Annotated[int, PathParameter(ge=1, le=MAX_ID, description="import number")],
        orders_service: NamedDependency[OrdersService],
    ) -> Response[bytes]:
        body = await orders_service.import_errors(principal_of(request), import_id)
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="import-{import_id}-errors.csv"'
            },
        )

    @get("/{eid:str}", guards=[signed_in], summary="One order as it is now")
    async def show(
        self,
        request: AnyRequest,
        eid: Annotated[str, PathParameter(max_length=256)],
        orders_service: NamedDependency[OrdersService],
    ) -> OrderOut:
        return await orders_service.show(principal_of(request), eid)
