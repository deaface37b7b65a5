import type { Overview, WarehouseInfo } from './api'
import type { OrderSnapshot, Snapshot } from './state'

// The home screen's counts, folded from the local replica so they work offline and move the
// moment a scan is recorded. Same definitions as the server's /api/overview.
const OPEN = new Set(['created', 'printed', 'picked', 'packed'])

export const isOpen = (o: OrderSnapshot) => OPEN.has(o.status)
export const isSpecial = (o: OrderSnapshot) =>
  (typeof o.fields.special_request === 'string' && o.fields.special_request !== '') ||
  o.fields.needs_crate === true ||
  o.fields.handwritten_label === true

export function overviewOf(
  s: Snapshot,
  warehouse: WarehouseInfo,
  date: string,
  stock?: { skus: number | null; low_stock: number | null },
): Overview {
  const orders = Object.values(s.orders)
  const count = (f: (o: OrderSnapshot) => boolean) => orders.reduce((n, o) => n + (f(o) ? 1 : 0), 0)
  const carriers = new Map<string, number>()
  for (const o of orders) {
    if (!isOpen(o)) continue
    const c = typeof o.fields.carrier === 'string' ? o.fields.carrier : '—'
    carriers.set(c, (carriers.get(c) ?? 0) + 1)
  }
  return {
    warehouse,
    date,
    orders: {
      total: orders.length,
      printable: count((o) => o.status === 'created' && !o.hold),
      held: count((o) => o.hold && isOpen(o)),
      special: count((o) => isOpen(o) && isSpecial(o)),
      crate: count((o) => isOpen(o) && o.fields.needs_crate === true),
      printed: count((o) => o.status === 'printed'),
      shipped: count((o) => o.status === 'shipped'),
      to_ship: count((o) => ['printed', 'picked', 'packed'].includes(o.status) && !o.hold),
      by_carrier: [...carriers].map(([carrier, n]) => ({ carrier, count: n })).sort((a, b) => (a.carrier < b.carrier ? -1 : 1)),
    },
    skus: stock?.skus ?? null,
    low_stock: stock?.low_stock ?? null,
  }
}

/** Today's date in the warehouse's zone (YYYY-MM-DD). */
export function dateIn(timezone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
  } catch {
    return now.toISOString().slice(0, 10)
  }
}
