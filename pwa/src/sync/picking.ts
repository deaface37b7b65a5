// Picking rules 备货 (issue 12) — the twin of sync/picking.py, pinned by
// tests/vectors/picking.json: the walk (spot-checked SKUs first, then bin order), what a SKU
// scan means for its line, which order a picked unit goes to, the shortage basket 缺货篓 and
// the stock allowance a device has left. Screens call these; they never re-derive them.
import { OPEN } from './rules'
import { compareCodePoints } from './value'

export type PickVerdict = 'ok' | 'verify' | 'done' | 'over' | 'wrong'
export type SpendVerdict = 'ok' | 'exceeded'

export interface WalkLine {
  sku: string
  location: string
  walk_order: number
  spot_checked: boolean
}

/** Spot-checked SKUs first, then the rest; each part by walk order, location, SKU. */
export function pickSequence<L extends WalkLine>(lines: readonly L[]): L[] {
  return [...lines].sort(
    (a, b) =>
      Number(a.spot_checked !== true) - Number(b.spot_checked !== true) ||
      a.walk_order - b.walk_order ||
      compareCodePoints(a.location, b.location) ||
      compareCodePoints(a.sku, b.sku),
  )
}

export interface LineState {
  need: number
  picked: number
  spot_checked: boolean
  verified?: boolean
}

/** wrong (not on the list) > done (complete: "already picked") > over (quantity check) >
 * verify (no spot-check mark, not verified, not confirmed) > ok. */
export function pickVerdict(line: LineState | null | undefined, qty: number, confirmed: boolean): PickVerdict {
  if (!line) return 'wrong'
  if (line.picked >= line.need) return 'done'
  if (line.picked + qty > line.need) return 'over'
  if (line.spot_checked !== true && !(line.verified === true || confirmed)) return 'verify'
  return 'ok'
}

export interface OrderNeed {
  eid: string
  lines?: Readonly<Record<string, number>> | null
  picked?: Readonly<Record<string, number>> | null
}

/** The first order, in slot order, whose line of `sku` still needs more than was picked. */
export function nextOrder(sku: string, orders: readonly OrderNeed[]): string | null {
  for (const o of orders) {
    if ((o.lines?.[sku] ?? 0) > (o.picked?.[sku] ?? 0)) return o.eid
  }
  return null
}

interface BasketOrder {
  status: string
  shortage?: Readonly<Record<string, number>> | null
}

/** 缺货篓: an open shortage notice on an order still in the warehouse. */
export function inShortageBasket(o: BasketOrder): boolean {
  return !!o.shortage && Object.keys(o.shortage).length > 0 && OPEN.has(o.status)
}

export function shortageBasket(orders: Readonly<Record<string, BasketOrder>>): string[] {
  return Object.keys(orders).filter((eid) => inShortageBasket(orders[eid]!)).sort(compareCodePoints)
}

interface StockLike {
  granted?: Readonly<Record<string, number>>
  spent?: Readonly<Record<string, number>>
}

/** Units this device may still take offline: its escrow grant less what it spent. */
export function allowanceLeft(stock: StockLike | null | undefined, device: string): number {
  if (!stock) return 0
  return (stock.granted?.[device] ?? 0) - (stock.spent?.[device] ?? 0)
}

/** The escrow law (escrow.ts) before the spend: beyond the allowance the fold reports it. */
export function spendVerdict(stock: StockLike | null | undefined, device: string, qty: number): SpendVerdict {
  return qty <= allowanceLeft(stock, device) ? 'ok' : 'exceeded'
}

/** Which orders a shortage of `qty` units falls on, in slot order: [eid, the order's new
 * total short for the SKU] (pick.shortage is LWW per SKU, so it carries the total). */
export function allocateShortage(
  sku: string,
  qty: number,
  orders: readonly (OrderNeed & { shortage?: Readonly<Record<string, number>> | null })[],
): [string, number][] {
  const out: [string, number][] = []
  let left = qty
  for (const o of orders) {
    if (left <= 0) break
    const short = o.shortage?.[sku] ?? 0
    const open = (o.lines?.[sku] ?? 0) - (o.picked?.[sku] ?? 0) - short
    if (open <= 0) continue
    const take = Math.min(left, open)
    out.push([o.eid, short + take])
    left -= take
  }
  return out
}
