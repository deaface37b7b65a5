// The A4 wave documents as the server's PDFs print them (server/printing/list_layout.py):
// same headings, columns, rows, totals and signature lines, drawn from local state. The table
// heading (title, barcode, column titles) repeats on every printed page, like the PDF's.
import type { ComponentChildren } from 'preact'
import type { PackingSlip, PickList, SortList } from './docs'
import { maskPhone, printStamp } from './labels'
import { BarcodeBlock } from './symbols'
import type { HandoffOut, WaveMeta } from './waves'

export type DocKind = 'pick-list' | 'sort-list' | 'packing-slips' | 'handoff-sheet'

type Col = [title: string, mm: number, align?: 'r' | 'c']
const PICK: Col[] = [['序', 10, 'r'], ['库位', 22], ['商品条码', 32], ['品名', 58], ['规格', 22], ['数量', 14, 'r'], ['单数', 12, 'r'], ['抽检', 16, 'c']]
const SORT: Col[] = [['格口', 14, 'c'], ['订单号', 44], ['快递', 18], ['标记', 10, 'c'], ['商品条码', 30], ['品名', 38], ['规格', 18], ['数量', 14, 'r']]
const SLIP: Col[] = [['序', 10, 'r'], ['商品条码', 36], ['品名', 90], ['规格', 32], ['数量', 18, 'r']]
const HANDOFF: Col[] = [['序', 10, 'r'], ['单据', 58], ['交出人', 20], ['接收人', 20], ['单数', 14, 'r'], ['签收时间', 34], ['签字', 30]]
const ORDERS: Col[] = [['序', 10, 'r'], ['订单号', 52], ['序', 10, 'r'], ['订单号', 52], ['序', 10, 'r'], ['订单号', 52]]
const PER_ROW = 3
const BLANK_SIGNATURES = 3
const SPECIAL = '剪角'
export const SIGN_PICK = '打单员签字：______________    备货员签收：______________'
export const SIGN_HANDOFF = '交出人签字：______________  接收人签字：______________  交接时间：__________'

/** The heading every page repeats: title, up to four lines, the scannable barcode. The barcode
 * floats right, so lines beside it are shorter and a line below it (an address) gets the row. */
function Head({ title, lines, barcode }: { title: string; lines: string[]; barcode: string }) {
  return (
    <div class="doc-head">
      <BarcodeBlock text={barcode} w={72} h={11} testid="doc-code128" />
      <h2 class="doc-title">{title}</h2>
      {lines.map((l) => <p class="doc-line">{l}</p>)}
    </div>
  )
}

/** A wave document's heading: the wave, the warehouse and print time, then the document's own summary. */
function WaveHead({ title, barcode, wave, warehouse, summary }: { title: string; barcode: string; wave: WaveMeta; warehouse: string; summary: string }) {
  return <Head title={title} barcode={barcode} lines={[`批次：${wave.name}（${wave.code}）`, `仓库：${warehouse}    打印：${wave.printedAt}`, summary]} />
}

function Table({ cols, head, children }: { cols: Col[]; head?: ComponentChildren; children: ComponentChildren }) {
  return (
    <table class="doc-table">
      <colgroup>{cols.map(([, mm]) => <col style={{ width: `${mm}mm` }} />)}</colgroup>
      <thead>
        {head && <tr class="doc-head-row"><td colSpan={cols.length}>{head}</td></tr>}
        <tr class="doc-cols">{cols.map(([t, , a]) => <th class={a ?? ''}>{t}</th>)}</tr>
      </thead>
      {children}
    </table>
  )
}

/** One row of cells, aligned as the columns say; long text is clipped with … like the PDF. */
function Row({ cols, cells, cls, ...data }: { cols: Col[]; cells: (string | number)[]; cls?: string } & Record<string, unknown>) {
  return (
    <tr class={cls} {...data}>
      {cells.map((c, i) => <td class={cols[i]![2] ?? ''} title={String(c)}>{c}</td>)}
    </tr>
  )
}

export function PickListDoc({ pick, wave, warehouse }: { pick: PickList; wave: WaveMeta; warehouse: string }) {
  const head = <WaveHead title="配货单" barcode={pick.id} wave={wave} warehouse={warehouse}
    summary={`共 ${pick.lines.length} 行 · ${pick.totalQty} 件 · ${pick.totalOrders} 单`} />
  return (
    <article class="doc" data-printable data-testid="doc" data-doc="pick-list" data-id={pick.id}>
      <Table cols={PICK} head={head}>
        <tbody>
          {pick.lines.map((l, i) => (
            <Row cols={PICK} data-testid="pick-line" data-location={l.location} data-sku={l.sku} data-qty={l.totalQty}
              data-orders={l.orderCount} data-spot={l.spotChecked}
              cells={[i + 1, l.location, l.sku, l.name, l.spec, l.totalQty, l.orderCount, l.spotChecked ? '已抽' : '需验']} />
          ))}
          <Row cols={PICK} cls="doc-total" data-testid="pick-total" data-lines={pick.lines.length} data-qty={pick.totalQty}
            data-orders={pick.totalOrders} cells={['', '合计', `${pick.lines.length} 行`, '', '', pick.totalQty, pick.totalOrders, '']} />
        </tbody>
      </Table>
      <p class="doc-sign">{SIGN_PICK}</p>
    </article>
  )
}

export function SortListDoc({ sort, wave, warehouse }: { sort: SortList; wave: WaveMeta; warehouse: string }) {
  const head = <WaveHead title="二次分拣单" barcode={sort.id} wave={wave} warehouse={warehouse}
    summary={`共 ${sort.slots.length} 个格口 · ${sort.units} 件`} />
  return (
    <article class="doc" data-printable data-testid="doc" data-doc="sort-list" data-id={sort.id}>
      <Table cols={SORT} head={head}>
        {sort.slots.map((s) => (
          <tbody class={`doc-slot${s.special ? ' special' : ''}`} data-testid="sort-slot" data-slot={s.slotNo} data-order={s.orderNo} data-special={s.special}>
            {s.lines.map((l, i) => (
              <Row cols={SORT} data-testid="sort-line" data-sku={l.sku} data-qty={l.qty} cls={i === 0 && s.special ? 'b' : undefined}
                cells={[...(i === 0 ? [String(s.slotNo).padStart(3, '0'), s.orderNo, s.carrierName, s.special ? SPECIAL : ''] : ['', '', '', '']),
                  l.sku, l.name, l.spec, l.qty]} />
            ))}
          </tbody>
        ))}
        <tbody class="doc-slot">
          <Row cols={SORT} cls="doc-total" data-testid="sort-total" data-slots={sort.slots.length} data-units={sort.units}
            cells={['', '合计', `${sort.slots.length} 格口`, '', '', '', '', sort.units]} />
        </tbody>
      </Table>
    </article>
  )
}

export function PackingSlipDoc({ slip, warehouse, printedAt }: { slip: PackingSlip; warehouse: string; printedAt: string }) {
  const head = (
    <Head title="发货单" barcode={slip.orderNo} lines={[
      `订单号：${slip.orderNo}    ${slip.carrierName} ${slip.trackingNo}`,
      `收件人：${slip.recipientName}  ${maskPhone(slip.recipientPhone)}`,
      `地址：${slip.address}`,
      `发货仓：${warehouse}    打印：${printedAt}`,
    ]} />
  )
  const total = slip.lines.reduce((n, l) => n + l.qty, 0)
  return (
    <article class="doc doc-slip" data-printable data-testid="doc" data-doc="packing-slip" data-id={slip.orderNo} data-eid={slip.eid}
      data-tracking={slip.trackingNo}>
      <Table cols={SLIP} head={head}>
        <tbody>
          {slip.lines.map((l, i) => <Row cols={SLIP} data-testid="slip-line" data-sku={l.sku} cells={[i + 1, l.sku, l.name, l.spec, l.qty]} />)}
          <Row cols={SLIP} cls="doc-total" cells={['', '合计', `${slip.lines.length} 种商品`, '', total]} />
        </tbody>
      </Table>
      {slip.note && <p class="doc-note" data-testid="slip-note">备注：{slip.note}</p>}
      <p class="doc-foot-note">白联随货（活动期间除外）</p>
    </article>
  )
}

export function HandoffSheetDoc({ wave, warehouse, timezone, orderNos, handoffs, pickListId }: {
  wave: WaveMeta
  warehouse: string
  timezone: string | undefined
  orderNos: string[]
  handoffs: HandoffOut[]
  pickListId: string
}) {
  const head = <WaveHead title="订单交接表" barcode={pickListId} wave={wave} warehouse={warehouse}
    summary={`交出人（打单员）：${wave.startedBy}    订单 ${orderNos.length} 单 · 已签收 ${handoffs.length} 次`} />
  const blanks = Math.max(0, BLANK_SIGNATURES - handoffs.length)
  const rows: string[][] = []
  for (let i = 0; i < orderNos.length; i += PER_ROW) {
    const row: string[] = []
    for (let k = i; k < i + PER_ROW; k++) row.push(k < orderNos.length ? String(k + 1) : '', orderNos[k] ?? '')
    rows.push(row)
  }
  return (
    <article class="doc" data-printable data-testid="doc" data-doc="handoff-sheet" data-id={pickListId} data-orders={orderNos.length}>
      <Table cols={HANDOFF} head={head}>
        <tbody>
          {handoffs.map((h, i) => (
            <Row cols={HANDOFF} data-testid="handoff-row" data-received-by={h.received_by}
              cells={[i + 1, h.document, h.handed_by, h.received_by, h.order_count, printStamp(timezone, new Date(h.signed_at)), '']} />
          ))}
          {Array.from({ length: blanks }, (_, i) => (
            <Row cols={HANDOFF} data-testid="handoff-blank" cells={[handoffs.length + i + 1, '', wave.startedBy, '', '', '', '']} />
          ))}
        </tbody>
      </Table>
      <h3 class="doc-subtitle">订单明细（共 {orderNos.length} 单，按打印顺序）</h3>
      <Table cols={ORDERS}>
        <tbody>
          {rows.map((r) => <Row cols={ORDERS} data-testid="handoff-orders" cells={r} />)}
        </tbody>
      </Table>
      <p class="doc-sign">{SIGN_HANDOFF}</p>
    </article>
  )
}
