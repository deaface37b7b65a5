// Business rules about one order and the day's orders, in one place — twin of sync/rules.py
// (protocol §6.4). Screens call these; none re-implements one. tests/vectors/rules.json pins
// every rule for both languages. Rules read an order as the fold shows it (OrderView).
import { ORDER_STATUS, type OrderStatus } from './lattice'
import { compareCodePoints, type Value } from './value'

/** What the rules read of an order (the fold's OrderView has it all). */
export interface OrderLike {
  readonly status: string
  readonly hold: boolean
  readonly fields: Readonly<Record<string, Value | undefined>>
  readonly labels: Readonly<Record<string, string>>
}

// -- status sets -----------------------------------------------------------------------
/** Still in the warehouse: work remains before the parcel leaves. */
export const OPEN: ReadonlySet<string> = new Set<OrderStatus>(['created', 'printed', 'picked', 'packed'])
/** Finished: no op moves an order out of these (a cancel after delivery is an exception). */
export const TERMINAL: ReadonlySet<string> = new Set<OrderStatus>(['delivered', 'cancelled'])
/** Not finished: open, or shipped and on its way. */
export const LIVE: ReadonlySet<string> = new Set(ORDER_STATUS.chain.filter((s) => !TERMINAL.has(s)))
/** Labelled and waiting to leave. */
export const TO_SHIP: ReadonlySet<string> = new Set<OrderStatus>(['printed', 'picked', 'packed'])
/** Left the warehouse: a label may no longer be reprinted. */
export const GONE: ReadonlySet<string> = new Set<OrderStatus>(['shipped', 'delivered'])

export const isOpen = (o: OrderLike): boolean => OPEN.has(o.status)
export const isTerminal = (status: string): boolean => TERMINAL.has(status)
/** Held and still open: the hold stops work. */
export const isHeld = (o: OrderLike): boolean => o.hold && OPEN.has(o.status)
export const isToShip = (o: OrderLike): boolean => TO_SHIP.has(o.status) && !o.hold
/** A wave may print its first label: created, not held, never labelled. */
export const printable = (o: OrderLike): boolean =>
  o.status === 'created' && !o.hold && Object.keys(o.labels).length === 0
/** A wave's lists show it: a held or cancelled order is never printed, whatever wave. */
export const onDocuments = (o: OrderLike): boolean => !o.hold && o.status !== 'cancelled'

/** Labels not voided, sorted; the last is the one to scan and print. */
export const liveLabels = (o: OrderLike): string[] =>
  Object.entries(o.labels).filter(([, s]) => s === 'printed').map(([t]) => t).sort(compareCodePoints)

export type LabelRefusal = 'hold' | 'cancelled' | 'shipped' | 'needs_reprint' | 'no_live_label'

/** Why its live label may not (re)print now, or null if it may. */
export function labelRefusal(o: OrderLike): LabelRefusal | null {
  if (o.hold) return 'hold'
  if (o.status === 'cancelled') return 'cancelled'
  if (!OPEN.has(o.status)) return 'shipped'
  if (o.fields.needs_reprint === true) return 'needs_reprint'
  if (liveLabels(o).length === 0) return 'no_live_label'
  return null
}

// -- fields ----------------------------------------------------------------------------
type Fields = OrderLike['fields']
export const ADDRESS_KEYS = ['recipient_name', 'recipient_phone', 'province', 'city', 'district', 'address_detail'] as const
export type AddressKey = (typeof ADDRESS_KEYS)[number]
export type Address = Readonly<Record<AddressKey, string>>
const REQUEST_LABELS = [['greeting_card', '贺卡'], ['invoice_title', '发票抬头'], ['delivery_window', '送货时间']] as const

const text = (v: unknown): string => (typeof v === 'string' ? v : '')

/** The recipient as staff last set it: each key order.set_address wrote (`address`) wins
 * over the create's field of that name; a key it left out keeps the field. */
export function addressOf(fields: Fields): Address {
  const out = Object.fromEntries(ADDRESS_KEYS.map((k) => [k, text(fields[k])])) as Record<AddressKey, string>
  const override = fields.address
  if (override && typeof override === 'object' && !Array.isArray(override) && !(override instanceof Uint8Array)) {
    const m = override as Record<string, unknown>
    for (const k of ADDRESS_KEYS) if (Object.prototype.hasOwnProperty.call(m, k)) out[k] = text(m[k])
  }
  return out
}

export function fullAddress(fields: Fields): string {
  const a = addressOf(fields)
  return a.province + a.city + a.district + a.address_detail
}

/** Everything the printer must read: buyer request, card text, invoice, window. */
export function specialText(fields: Fields): string {
  const parts = [text(fields.special_request)]
  for (const [k, label] of REQUEST_LABELS) {
    const v = text(fields[k])
    if (v) parts.push(`${label}：${v}`)
  }
  return parts.filter(Boolean).join('；')
}

export const needsCrate = (fields: Fields): boolean => fields.needs_crate === true
/** 剪角: crate items, a handwritten label or anything the printer must read. */
export const isSpecial = (fields: Fields): boolean =>
  needsCrate(fields) || fields.handwritten_label === true || specialText(fields) !== ''
/** The carrier as counted: its code, or '' when none is set (a screen may show '—'). */
export const carrierKey = (fields: Fields): string => text(fields.carrier)

// -- scan-out --------------------------------------------------------------------------
export type ScanVerdict = 'ok' | 'already' | 'voided' | 'hold' | 'cancelled' | 'unknown'

/** What a scan-out of one label means, first reason first (see sync/rules.py). */
export function scanVerdict(f: { cancelled: boolean; held: boolean; voided: boolean; scanned: boolean }): ScanVerdict {
  if (f.cancelled) return 'cancelled'
  if (f.held) return 'hold'
  if (f.voided) return 'voided'
  if (f.scanned) return 'already'
  return 'ok'
}

/** scanVerdict from an order's state; undefined (no order has this label) is 'unknown'. */
export function judgeScan(o: OrderLike | undefined, tracking: string, scanned: boolean): ScanVerdict {
  if (o === undefined) return 'unknown'
  return scanVerdict({ cancelled: o.status === 'cancelled', held: o.hold, voided: o.labels[tracking] === 'voided', scanned })
}

/** Scanners and people add spaces, lower-case letters or a trailing newline. */
export const normaliseTracking = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase()

// -- the day's counts ------------------------------------------------------------------
export interface OrderCounts {
  total: number
  printable: number
  held: number
  special: number
  crate: number
  printed: number
  shipped: number
  to_ship: number
  by_carrier: { carrier: string; count: number }[]
}

/** Home-screen counts (see sync/rules.py order_counts). */
export function orderCounts(orders: Iterable<OrderLike>): OrderCounts {
  const n = { total: 0, printable: 0, held: 0, special: 0, crate: 0, printed: 0, shipped: 0, to_ship: 0 }
  const carriers = new Map<string, number>()
  for (const o of orders) {
    n.total++
    if (o.status === 'printed') n.printed++
    if (o.status === 'shipped') n.shipped++
    if (isToShip(o)) n.to_ship++
    if (!OPEN.has(o.status)) continue
    if (printable(o)) n.printable++
    if (o.hold) n.held++
    if (isSpecial(o.fields)) n.special++
    if (needsCrate(o.fields)) n.crate++
    const c = carrierKey(o.fields)
    carriers.set(c, (carriers.get(c) ?? 0) + 1)
  }
  const by_carrier = [...carriers.keys()].sort(compareCodePoints).map((carrier) => ({ carrier, count: carriers.get(carrier)! }))
  return { ...n, by_carrier }
}

// -- wave times ------------------------------------------------------------------------
/** The first of the warehouse's slot times ("HH:MM", its zone) at or after `clock`;
 * undefined once the day's slots are past. Times come from the server, never the app. */
export function nextSlot(times: readonly string[], clock: string): string | undefined {
  return [...times].sort().find((t) => t >= clock)
}
