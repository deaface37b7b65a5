"""The inspection report (检验报告) of a day or a receipt: rows from the op log, the rule
from the core (sync.quality.inspection_report), the A4 table from server/printing."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from server.db.tables import OpLog
from server.printing.tablepdf import Column, Heading, TablePdf
from server.quality.schemas import InspectionReport, InspectionRow
from sync import quality

COLUMNS = (
    Column("序", 10, "R"),
    Column("时间", 18),
    Column("商品", 44),
    Column("结果", 16, "C"),
    Column("检验员", 20),
    Column("入库单", 28),
    Column("备注", 50),
)


async def build(
    warehouse_id: int, code: str, timezone: str, day: date, receipt: str | None
) -> InspectionReport:
    tz = ZoneInfo(timezone)
    start = datetime.combine(day, time(0), tz)
    since = int(start.timestamp() * 1000)
    until = int((start + timedelta(days=1)).timestamp() * 1000)
    rows = await (
        OpLog.select(OpLog.op_json)
        .where(OpLog.warehouse == warehouse_id, OpLog.kind == "qc.inspect")
        .run()
    )
    ops = [json.loads(r["op_json"]) for r in rows]
    found = quality.inspection_report(ops, since, until, receipt)
    return InspectionReport(
        warehouse=code,
        day=day.isoformat(),
        receipt=receipt,
        total=found["total"],
        passed=found["passed"],
        failed=found["failed"],
        rows=[
            InspectionRow(
                **{**r, "at": datetime.fromtimestamp(r["at"] / 1000, tz).strftime("%H:%M")}
            )
            for r in found["rows"]
        ],
    )


def pdf(report: InspectionReport, warehouse_name: str) -> bytes:
    scope = f"入库单 {report.receipt}" if report.receipt else f"日期 {report.day}"
    heading = Heading(
        title="检验报告",
        lines=[
            f"仓库：{warehouse_name}（{report.warehouse}）    {scope}",
            f"共 {report.total} 项 · 合格 {report.passed} · 不合格 {report.failed}",
        ],
        footer=f"检验报告 {report.warehouse} {report.receipt or report.day}",
    )
    doc = TablePdf(heading, COLUMNS)
    doc.new_page()
    for n, r in enumerate(report.rows, start=1):
        sku = r.sku.split(":", 1)[-1]
        result = "合格" if r.result == "pass" else "不合格"
        doc.row([str(n), r.at, sku, result, r.by, r.receipt, r.note])
    doc.note("检验员签字：______________    质检主管签字：______________", gap=8)
    return doc.finish()
