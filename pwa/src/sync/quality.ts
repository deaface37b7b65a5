// Quality and stock rules (issue 14) — the twin of sync/quality.py, which explains them:
// stock ids `WAREHOUSE:SKU` / `WAREHOUSE:SKU@LOCATION`, the DEFECT area, the seeded 50%
// spot-check draw, delisting and the count difference list.
import type { OrderView } from './orderFold'
import { OPEN } from './rules'
import type { CountRecord, StockView } from './stockFold'

export const DEFECT_AREA = 'DEFECT'

export interface SkuRow {
  sku: string
  available: number
  shipped: number
  marked: boolean
}

/** [`WAREHOUSE:SKU`, location or null] of a stock entity id. */
export function splitStock(eid: string): [string, string | null] {
  const at = eid.indexOf('@')
  return at < 0 ? [eid, null] : [eid.slice(0, at), eid.slice(at + 1)]
}

/** Does this SKU carry the spot-check mark? (Its last inspection passed.) */
export function spotMark(entity: StockView | undefined | null): boolean {
  return entity?.qc?.mark === true
}

/** Per-SKU totals of a stock snapshot, sorted by SKU (code point order, as Python). */
export function skuRows(stock: Readonly<Record<string, StockView>>): SkuRow[] {
  const rows = new Map<string, SkuRow>()
  for (const [eid, ent] of Object.entries(stock)) {
    const [sku, loc] = splitStock(eid)
    let row = rows.get(sku)
    if (row === undefined) rows.set(sku, (row = { sku, available: 0, shipped: 0, marked: false }))
    if (loc !== DEFECT_AREA) row.available += ent.on_hand
    for (const q of Object.values(ent.spent)) row.shipped += q
    if (loc === null && spotMark(ent)) row.marked = true
  }
  return [...rows.keys()].sort(cmp).map((k) => rows.get(k)!)
}

/** The server's catalogue rows plus what the ops say (see sync/quality.py combine_rows). */
export function combineRows(catalogue: Iterable<SkuRow>, stock: Readonly<Record<string, StockView>>): SkuRow[] {
  const out = new Map<string, SkuRow>()
  for (const r of catalogue) out.set(r.sku, { ...r })
  for (const r of skuRows(stock)) {
    const have = out.get(r.sku)
    if (have === undefined) out.set(r.sku, r)
    else {
      have.available += r.available
      have.shipped = Math.max(have.shipped, r.shipped)
    }
  }
  for (const [sku, row] of out) {
    const ent = stock[sku]
    if (ent?.qc !== undefined) row.marked = spotMark(ent)
  }
  return [...out.keys()].sort(cmp).map((k) => out.get(k)!)
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const utf8 = new TextEncoder()

export function drawHash(seed: string, sku: string): number {
  let h = 0x811c9dc5
  const bytes = utf8.encode(`${seed}\x1f${sku}`)
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

/** The 50% spot check: half the SKUs on the shelf (rounded up) by the seeded hash, plus
 * every SKU shipped without the mark; sorted by SKU. */
export function spotCheckSample(seed: string, rows: Iterable<SkuRow>): string[] {
  const shelf: [number, string][] = []
  const picked = new Set<string>()
  for (const r of rows) {
    if (r.shipped > 0 && !r.marked) picked.add(r.sku)
    if (r.available > 0) shelf.push([drawHash(seed, r.sku), r.sku])
  }
  shelf.sort((a, b) => a[0] - b[0] || cmp(a[1], b[1]))
  for (const [, sku] of shelf.slice(0, (shelf.length + 1) >> 1)) picked.add(sku)
  return [...picked].sort(cmp)
}

/** SKUs to delist (缺货产品及时下架): nothing available outside the defect area. */
export function delist(rows: Iterable<SkuRow>): string[] {
  const out: string[] = []
  for (const r of rows) if (r.available <= 0) out.push(r.sku)
  return out
}

/** Today's uninspected list (入库产品未检列表): SKUs received in [since, until) with no
 * inspection of the SKU since that receipt, sorted. */
export function uninspected(stock: Readonly<Record<string, StockView>>, since: number, until: number): string[] {
  const last = new Map<string, number>()
  for (const [eid, ent] of Object.entries(stock)) {
    const rec = ent.received
    if (rec !== undefined && since <= rec.at && rec.at < until) {
      const sku = splitStock(eid)[0]
      last.set(sku, Math.max(last.get(sku) ?? 0, rec.at))
    }
  }
  const out: string[] = []
  for (const [sku, at] of last) {
    const qc = stock[sku]?.qc
    if (qc === undefined || qc.at < at) out.push(sku)
  }
  return out.sort(cmp)
}

/** An inspection measure passes within target ± tolerance (bounds included). */
export function measurePasses(value: number, target: number, tolerance: number): boolean {
  return Math.abs(value - target) <= Math.abs(tolerance)
}

/** The location entity a failed unit of `sku` is moved from (移仓): the one holding most
 * (ties: the first id), never the defect area; null if no location holds any. */
export function defectSource(stock: Readonly<Record<string, StockView>>, sku: string): string | null {
  let best: [number, string] | null = null
  for (const [eid, ent] of Object.entries(stock)) {
    const [base, loc] = splitStock(eid)
    if (base !== sku || loc === null || loc === DEFECT_AREA || ent.on_hand <= 0) continue
    if (best === null || ent.on_hand > best[0] || (ent.on_hand === best[0] && cmp(eid, best[1]) < 0)) best = [ent.on_hand, eid]
  }
  return best === null ? null : best[1]
}

export type CountDifference = { eid: string } & CountRecord

/** The book-vs-physical list (帐实相符): every open count, by entity then count time. */
export function countDifferences(stock: Readonly<Record<string, StockView>>): CountDifference[] {
  const out: CountDifference[] = []
  for (const eid of Object.keys(stock).sort(cmp)) {
    for (const c of stock[eid]!.counts ?? []) if (c.status === 'open') out.push({ eid, ...c })
  }
  return out
}

/** Re-shipped parts (补发配件) are inspected before they go out (see sync/quality.py). */
export function reshipChecks(
  orders: Readonly<Record<string, OrderView>>,
  stock: Readonly<Record<string, StockView>>,
  warehouse: string,
): string[] {
  const out = new Set<string>()
  for (const o of Object.values(orders)) {
    if (!OPEN.has(o.status) || !o.fields.reship || !o.lines) continue
    for (const sku of Object.keys(o.lines)) {
      const key = `${warehouse}:${sku}`
      if (!spotMark(stock[key])) out.add(key)
    }
  }
  return [...out].sort(cmp)
}
