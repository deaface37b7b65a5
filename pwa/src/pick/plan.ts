// What the pick screen shows and writes, from the local replica: the wave's lines in the
// core's walk order with what is picked, short and verified, and the ops a scan, a
// confirmation or a shortage notice becomes. Every decision is the core's (sync/picking.ts);
// this module only gathers the facts it needs and shapes the ops.
import type { NewOp } from '../outbox/store'
import type { LocalView, Snapshot } from '../state'
import { picking, rules, type Op } from '../sync'
import { itemOf, pickListId, sortListId, waveOrders, type Entry, type SkuRef } from '../print/docs'

export interface PlanLine {
  sku: string
  name: string
  spec: string
  location: string
  walk_order: number
  spot_checked: boolean
  /** units the wave's orders still want of it (ordered less reported short) */
  need: number
  picked: number
  short: number
  verified: boolean
}

export interface Plan {
  code: string
  lines: PlanLine[]
  bySku: Map<string, PlanLine>
  /** the wave's orders in slot order, as the core's nextOrder / allocateShortage read them */
  orders: (picking.OrderNeed & { shortage?: Record<string, number> })[]
  units: number
  pickedUnits: number
}

/** The wave's pick lines, spot-checked SKUs first, each part in bin walking order. */
export function planOf(s: Snapshot, code: string, refs: ReadonlyMap<string, SkuRef>): Plan {
  const entries: Entry[] = waveOrders(s, code)
  const bySku = new Map<string, PlanLine>()
  let units = 0
  let pickedUnits = 0
  const orders = entries.map(([eid, o]) => {
    for (const [sku, qty] of Object.entries(o.lines ?? {})) {
      let line = bySku.get(sku)
      if (!line) {
        const it = itemOf(refs, sku)
        line = {
          sku, name: it.name, spec: it.spec, location: it.location, walk_order: it.walkOrder,
          spot_checked: it.spotChecked, need: 0, picked: 0, short: 0, verified: false,
        }
        bySku.set(sku, line)
      }
      const short = o.shortage?.[sku] ?? 0
      const got = Math.min(qty, o.picked[sku] ?? 0)
      line.need += qty - short
      line.short += short
      line.picked += got
      if (o.verified?.includes(sku)) line.verified = true
      units += qty
      pickedUnits += got
    }
    return { eid, lines: o.lines, picked: o.picked, shortage: o.shortage }
  })
  return { code, lines: picking.pickSequence([...bySku.values()]), bySku, orders, units, pickedUnits }
}

let last: { s: Snapshot; code: string; refs: ReadonlyMap<string, SkuRef>; plan: Plan } | null = null

/** planOf, remembered for the last (snapshot, wave, refs): the local view makes a new
 * snapshot object on every change, so the screen's render and the scan that follows it share
 * one plan instead of re-planning 2,000 orders per scan. */
export function planFor(s: Snapshot, code: string, refs: ReadonlyMap<string, SkuRef>): Plan {
  if (last && last.s === s && last.code === code && last.refs === refs) return last.plan
  const plan = planOf(s, code, refs)
  last = { s, code, refs, plan }
  return plan
}

/** A wave's list barcode (配货单 PK-…, 二次分拣单 SO-…) → the wave's code, else null. */
export function waveOfList(raw: string, waves: Iterable<string>): string | null {
  const code = rules.normaliseTracking(raw)
  for (const w of waves) if (code === pickListId(w).toUpperCase() || code === sortListId(w).toUpperCase()) return w
  return null
}

/** Has `actor` signed for this wave's lists (a pick.sign of theirs on every order)? */
export function signedBy(view: LocalView, s: Snapshot, code: string, actor: string): boolean {
  const entries = waveOrders(s, code)
  if (entries.length === 0) return false
  return entries.every(([, o]) => o.events.some((id) => isSign(view.ops.get(id), code, actor)))
}

const isSign = (op: Op | undefined, code: string, actor: string) =>
  op !== undefined && op.kind === 'pick.sign' && op.actor === actor && op.payload.wave === code

/** Signing for a wave: one pick.sign per order still to sign (the handoff record 订单交接). */
export function signOps(view: LocalView, s: Snapshot, code: string, actor: string, document: string): NewOp[] {
  return waveOrders(s, code)
    .filter(([, o]) => !o.events.some((id) => isSign(view.ops.get(id), code, actor)))
    .map(([eid]) => ({ kind: 'pick.sign', etype: 'order', eid, payload: { wave: code, document } }))
}

export type PickResult =
  | { kind: 'ok'; sku: string; eid: string; ops: NewOp[]; escrow: picking.SpendVerdict | 'untracked' }
  | { kind: 'verify' | 'done' | 'over' | 'wrong'; sku: string }

/** Stock entity ids are `WAREHOUSE:SKU` (server/sync/scope.py). */
export const stockId = (warehouse: string, sku: string) => `${warehouse}:${sku}`

/**
 * One unit of `sku` scanned (confirmed: the picker opened and verified it). The verdict is
 * the core's; an accepted unit goes to the core's next order, and spends stock through the
 * escrow when this warehouse tracks that SKU's stock on devices (a stock entity exists).
 */
export function pickUnit(
  plan: Plan, s: Snapshot, sku: string, confirmed: boolean, device: string, warehouse: string,
): PickResult {
  const line = plan.bySku.get(sku)
  const verdict = picking.pickVerdict(line, 1, confirmed)
  if (verdict !== 'ok') return { kind: verdict, sku }
  const eid = picking.nextOrder(sku, plan.orders.filter((o) => o.lines?.[sku]).map((o) => ({ ...o, lines: remaining(o, sku) })))
  if (eid === null) return { kind: 'done', sku }
  const payload: Record<string, string | number | boolean> = { sku, qty: 1 }
  if (confirmed && line && !line.spot_checked && !line.verified) payload.verified = true
  const ops: NewOp[] = [{ kind: 'pick.line_picked', etype: 'order', eid, payload }]
  const sid = stockId(warehouse, sku)
  const stock = s.stock[sid]
  let escrow: picking.SpendVerdict | 'untracked' = 'untracked'
  if (stock !== undefined) {
    escrow = picking.spendVerdict(stock, device, 1)
    // Recorded either way: the goods left the shelf; beyond the allowance the fold reports it.
    ops.push({ kind: 'stock.spend', etype: 'stock', eid: sid, payload: { qty: 1, order: eid } })
  }
  return { kind: 'ok', sku, eid, ops, escrow }
}

/** An order's lines less what was reported short: units that can still be picked. */
function remaining(o: Plan['orders'][number], sku: string): Record<string, number> {
  const q = (o.lines?.[sku] ?? 0) - (o.shortage?.[sku] ?? 0)
  return { [sku]: q }
}

/** A shortage notice 缺货产品联络单 of `qty` units: one pick.shortage per order it falls on. */
export function shortageOps(plan: Plan, sku: string, qty: number, note: string): NewOp[] {
  return picking.allocateShortage(sku, qty, plan.orders).map(([eid, total]): NewOp => {
    const payload: Record<string, string | number> = { sku, qty: total }
    if (note) payload.note = note
    return { kind: 'pick.shortage', etype: 'order', eid, payload }
  })
}
