import type { Overview, WarehouseInfo } from './api'
import type { Snapshot } from './state'
import { picking, rules } from './sync'

// The home screen's counts, folded from the local replica so they work offline and move the
// moment a scan is recorded. The counting rule is the core's (rules.orderCounts), the same
// one the server's /api/overview runs.
export function overviewOf(
  s: Snapshot,
  warehouse: WarehouseInfo,
  date: string,
  stock?: { skus: number | null; low_stock: number | null },
): Overview {
  return {
    warehouse,
    date,
    orders: rules.orderCounts(Object.values(s.orders)),
    skus: stock?.skus ?? null,
    low_stock: stock?.low_stock ?? null,
    shortage: picking.shortageBasket(s.orders).length,
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
