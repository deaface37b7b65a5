"""What the A4 wave documents say, row by row, for any surface (PDF, PNG, a page counter).

配货单 pick list, 二次分拣单 sort list, 发货单 packing slips and 订单交接表 handoff sheet. The
PWA's print view (pwa/src/print/ListDocs.tsx) shows the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable

from server.printing.documents import HandoffSheet, PackingSlip, PickList, SortList, mask_phone
from server.printing.tablelayout import Column, Heading, MakeTable, T

TIME = "%Y-%m-%d %H:%M"
SIGN_PICK = "打单员签字：______________    备货员签收：______________"
SIGN_HANDOFF = "交出人签字：______________  接收人签字：______________  交接时间：__________"

PICK_COLUMNS = (
    Column("序", 10, "R"),
    Column("库位", 22),
    Column("商品条码", 32),
    Column("品名", 58),
    Column("规格", 22),
    Column("数量", 14, "R"),
    Column("单数", 12, "R"),
    Column("抽检", 16, "C"),
)
# The order number gets room for a 19-digit Taobao number; the 剪角 mark has its own column.
SORT_COLUMNS = (
    Column("格口", 14, "C"),
    Column("订单号", 44),
    Column("快递", 18),
    Column("标记", 10, "C"),
    Column("商品条码", 30),
    Column("品名", 38),
    Column("规格", 18),
    Column("数量", 14, "R"),
)
SPECIAL = "剪角"
SLIP_COLUMNS = (
    Column("序", 10, "R"),
    Column("商品条码", 36),
    Column("品名", 90),
    Column("规格", 32),
    Column("数量", 18, "R"),
)
HANDOFF_COLUMNS = (
    Column("序", 10, "R"),
    Column("单据", 58),
    Column("交出人", 20),
    Column("接收人", 20),
    Column("单数", 14, "R"),
    Column("签收时间", 34),
    Column("签字", 30),
)
ORDERS_PER_ROW = 3
ORDER_COLUMNS = (Column("序", 10, "R"), Column("订单号", 52)) * ORDERS_PER_ROW
BLANK_SIGNATURES = 3


def _wave_document(
    make: MakeTable[T],
    wave: PickList | SortList | HandoffSheet,
    columns: tuple[Column, ...],
    title: str,
    summary: str,
    barcode: str,
    ref: str | None = None,
) -> T:
    """A numbered wave document on its first page: title, wave, warehouse and print time, then
    the document's own `summary` line; the footer names it by `ref`, else by its barcode."""
    heading = Heading(
        title=title,
        lines=[
            f"批次：{wave.wave_name}（{wave.wave_id}）",
            f"仓库：{wave.warehouse}    打印：{wave.printed_at:{TIME}}",
            summary,
        ],
        barcode=barcode,
        footer=f"{title} {ref or barcode}",
    )
    doc = make(heading, columns, True)
    doc.new_page()
    return doc


def draw_pick_list(pick: PickList, make: MakeTable[T]) -> T:
    """Walking order top to bottom; 需验 marks SKUs without the spot-check mark (open + verify)."""
    summary = f"共 {len(pick.lines)} 行 · {pick.total_qty} 件 · {pick.total_orders} 单"
    doc = _wave_document(make, pick, PICK_COLUMNS, "配货单", summary, pick.pick_list_id)
    for n, ln in enumerate(pick.lines, start=1):
        doc.row(
            [
                str(n),
                ln.location_code,
                ln.sku_barcode,
                ln.sku_name,
                ln.spec,
                str(ln.total_qty),
                str(ln.order_count),
                "已抽" if ln.spot_checked else "需验",
            ]
        )
    doc.rule()
    qty, orders = str(pick.total_qty), str(pick.total_orders)
    doc.row(["", "合计", f"{len(pick.lines)} 行", "", "", qty, orders, ""], bold=True)
    doc.note(SIGN_PICK, gap=8)
    return doc


def draw_sort_list(sort: SortList, make: MakeTable[T]) -> T:
    """One block per order slot, never split across pages unless it is longer than a page."""
    units = sum(ln.qty for slot in sort.slots for ln in slot.lines)
    summary = f"共 {len(sort.slots)} 个格口 · {units} 件"
    doc = _wave_document(make, sort, SORT_COLUMNS, "二次分拣单", summary, sort.sort_list_id)
    for slot in sort.slots:
        doc.ensure(len(slot.lines))
        if doc.body_rows:
            doc.rule()
        head = [
            f"{slot.slot_no:03d}",
            slot.order_no,
            slot.carrier.display_zh,
            SPECIAL if slot.special else "",
        ]
        for i, ln in enumerate(slot.lines):
            first = i == 0
            doc.row(
                [
                    *(head if first else ["", "", "", ""]),
                    ln.sku_barcode,
                    ln.sku_name,
                    ln.spec,
                    str(ln.qty),
                ],
                bold=first and slot.special,
            )
    doc.rule()
    doc.row(["", "合计", f"{len(sort.slots)} 格口", "", "", "", "", str(units)], bold=True)
    return doc


def slip_heading(slip: PackingSlip) -> Heading:
    return Heading(
        title="发货单",
        lines=[
            f"订单号：{slip.order_no}    {slip.carrier.display_zh} {slip.tracking_no}",
            f"收件人：{slip.recipient_name}  {mask_phone(slip.recipient_phone)}",
            f"地址：{slip.address}",
            f"发货仓：{slip.warehouse}    打印：{slip.printed_at:{TIME}}",
        ],
        barcode=slip.order_no,
        footer="白联随货（活动期间除外）",
    )


def draw_packing_slips(slips: Iterable[PackingSlip], make: MakeTable[T]) -> T:
    """One slip per page (the white copy goes into the parcel); phones are masked as on labels."""
    doc: T | None = None
    for slip in slips:
        heading = slip_heading(slip)
        if doc is None:
            doc = make(heading, SLIP_COLUMNS, False)  # one slip, one page
        doc.heading = heading
        doc.new_page()
        for n, ln in enumerate(slip.lines, start=1):
            doc.row([str(n), ln.sku_barcode, ln.name, ln.spec, str(ln.qty)])
        doc.rule()
        total = sum(ln.qty for ln in slip.lines)
        doc.row(["", "合计", f"{len(slip.lines)} 种商品", "", str(total)], bold=True)
        if slip.note:
            doc.note(f"备注：{slip.note}")
    if doc is None:
        raise ValueError("no packing slips to print")
    return doc


def draw_handoff_sheet(sheet: HandoffSheet, make: MakeTable[T]) -> T:
    """Signatures first (blank lines to sign by hand if nobody scanned yet), then the orders."""
    n, signed = len(sheet.order_nos), len(sheet.handoffs)
    summary = f"交出人（打单员）：{sheet.handed_by}    订单 {n} 单 · 已签收 {signed} 次"
    doc = _wave_document(
        make, sheet, HANDOFF_COLUMNS, "订单交接表", summary, sheet.barcode, sheet.wave_id
    )
    for i, h in enumerate(sheet.handoffs, start=1):
        when = f"{h.signed_at:{TIME}}"
        doc.row([str(i), h.document, h.handed_by, h.received_by, str(h.order_count), when, ""])
    for i in range(signed, max(signed, BLANK_SIGNATURES)):
        doc.row([str(i + 1), "", sheet.handed_by, "", "", "", ""])
    doc.note(f"订单明细（共 {n} 单，按打印顺序）", gap=4, bold=True, keep=4)
    doc.columns = ORDER_COLUMNS
    doc.row([c.title for c in ORDER_COLUMNS], bold=True, shade=True)
    for start in range(0, n, ORDERS_PER_ROW):
        cells: list[str] = []
        for k in range(ORDERS_PER_ROW):
            i = start + k
            cells += [str(i + 1), sheet.order_nos[i]] if i < n else ["", ""]
        doc.row(cells)
    doc.note(SIGN_HANDOFF, gap=8)
    return doc
