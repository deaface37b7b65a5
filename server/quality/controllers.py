from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException
from litestar.params import QueryParameter

from server.identity.middleware import principal_of, signed_in
from server.quality.schemas import InspectionReport, SkuRows
from server.quality.services import QualityService


class QualityController(Controller):
    path = "/api/quality"
    tags = ["quality"]
    guards = [signed_in]

    @get("/skus", summary="The caller's warehouse's SKUs for the spot-check draw")
    async def skus(
        self, request: Request[Any, Any, Any], quality_service: NamedDependency[QualityService]
    ) -> SkuRows:
        # Always the caller's own warehouse: there is no parameter to name another one.
        p = principal_of(request)
        return await quality_service.sku_rows(p.warehouse_id, p.warehouse_code)

    @get("/report", summary="The inspection report (检验报告) of a day, or of one receipt")
    async def report(
        self,
        request: Request[Any, Any, Any],
        quality_service: NamedDependency[QualityService],
        day: Annotated[str, QueryParameter(pattern=r"^\d{4}-\d{2}-\d{2}$")],
        receipt: Annotated[
            str | None, QueryParameter(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
        ] = None,
        fmt: Annotated[Literal["json", "pdf"], QueryParameter(name="format")] = "json",
    ) -> InspectionReport | Response[bytes]:
        try:
            when = date.fromisoformat(day)
        except ValueError as exc:  # 2026-02-30 matches the pattern
            raise ValidationException(f"no such day {day!r}") from exc
        p = principal_of(request)
        found, name = await quality_service.report(p.warehouse_id, when, receipt)
        if fmt == "json":
            return found
        body = await quality_service.report_pdf(found, name)
        filename = f"inspection-{found.warehouse}-{found.receipt or found.day}.pdf"
        return Response(
            body,
            media_type="application/pdf",
            headers={"content-disposition": f'inline; filename="{filename}"'},
        )
