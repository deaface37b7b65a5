"""Pick list 配货单, sort list 二次分拣单 and packing slips 发货单 as A4 PDFs."""

from __future__ import annotations

from collections.abc import Iterable

from server.printing.documents import PackingSlip, PickList, SortList, mask_phone
from server.printing.tablepdf import A4, MARGIN, Column, Heading, TablePdf
from server.printing.textfit import truncate

_TIME = "%Y-%m-%d %H:%M"

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
SORT_COLUMNS = (
    Column("格口", 14, "C"),
    Column("订单号", 42),
    Column("商品条码", 32),
    Column("品名", 62),
    Column("规格", 22),
    Column("数量", 14, "R"),
)
SLIP_COLUMNS = (
    Column("序", 10, "R"),
    Column("商品条码", 36),
    Column("品名", 90),
    Column("规格", 32),
    Column("数量", 18, "R"),
)


def render_pick_list_pdf(pick: PickList) -> bytes:
    """Walking order top to bottom; 需验 marks SKUs without the spot-check mark (open + verify)."""
    heading = Heading(
        title="配货单",
        lines=[
            f"批次：{pick.wave_name}（{pick.wave_id}）",
            f"仓库：{pick.warehouse}    打印：{pick.printed_at:{_TIME}}",
            f"共 {len(pick.lines)} 行 · {pick.total_qty} 件 · {pick.total_orders} 单",
        ],
        barcode=pick.pick_list_id,
        footer=f"配货单 {pick.pick_list_id}",
    )
    pdf = TablePdf(heading, PICK_COLUMNS)
    pdf.add_page()
    for n, ln in enumerate(pick.lines, start=1):
        pdf.row(
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
    pdf.rule()
    qty, orders = str(pick.total_qty), str(pick.total_orders)
    pdf.row(["", "合计", f"{len(pick.lines)} 行", "", "", qty, orders, ""], bold=True)
    pdf.ensure(3)
    pdf.row_y += 8
    pdf.text_top(MARGIN, pdf.row_y, 3.4, "打单员签字：______________    备货员签收：______________")
    return pdf.finish()


def render_sort_list_pdf(sort: SortList) -> bytes:
    """One block per order slot, never split across pages unless it is longer than a page."""
    units = sum(ln.qty for slot in sort.slots for ln in slot.lines)
    heading = Heading(
        title="二次分拣单",
        lines=[
            f"批次：{sort.wave_name}（{sort.wave_id}）",
            f"仓库：{sort.warehouse}    打印：{sort.printed_at:{_TIME}}",
            f"共 {len(sort.slots)} 个格口 · {units} 件",
        ],
        barcode=sort.sort_list_id,
        footer=f"二次分拣单 {sort.sort_list_id}",
    )
    pdf = TablePdf(heading, SORT_COLUMNS)
    pdf.add_page()
    for slot in sort.slots:
        pdf.ensure(len(slot.lines))
        if pdf.body_rows:
            pdf.rule()
        order = f"{slot.order_no} {slot.carrier.display_zh}"
        if slot.special:
            order = f"【剪角】{order}"
        for i, ln in enumerate(slot.lines):
            first = i == 0
            pdf.row(
                [
                    f"{slot.slot_no:03d}" if first else "",
                    order if first else "",
                    ln.sku_barcode,
                    ln.sku_name,
                    ln.spec,
                    str(ln.qty),
                ],
                bold=first and slot.special,
            )
    pdf.rule()
    pdf.row(["", "合计", f"{len(sort.slots)} 格口", "", "", str(units)], bold=True)
    return pdf.finish()


def render_packing_slips_pdf(slips: Iterable[PackingSlip]) -> bytes:
    """One slip per page (the white copy goes into the parcel); phones are masked as on labels."""
    pdf: TablePdf | None = None
    for slip in slips:
        heading = Heading(
            title="发货单",
            lines=[
                f"订单号：{slip.order_no}    {slip.carrier.display_zh} {slip.tracking_no}",
                f"收件人：{slip.recipient_name}  {mask_phone(slip.recipient_phone)}",
                f"地址：{slip.address}",
                f"发货仓：{slip.warehouse}    打印：{slip.printed_at:{_TIME}}",
            ],
            barcode=slip.order_no,
            footer="白联随货（活动期间除外）",
        )
        if pdf is None:
            pdf = TablePdf(heading, SLIP_COLUMNS, numbered=False)  # one slip, one page
        pdf.heading = heading
        pdf.add_page()
        for n, ln in enumerate(slip.lines, start=1):
            pdf.row([str(n), ln.sku_barcode, ln.name, ln.spec, str(ln.qty)])
        pdf.rule()
        total = sum(ln.qty for ln in slip.lines)
        pdf.row(["", "合计", f"{len(slip.lines)} 种商品", "", str(total)], bold=True)
        if slip.note:
            pdf.row_y += 3
            note = truncate(f"备注：{slip.note}", 3.4, A4[0] - 2 * MARGIN)
            pdf.text_top(MARGIN, pdf.row_y, 3.4, note)
    if pdf is None:
        raise ValueError("no packing slips to print")
    return pdf.finish()
