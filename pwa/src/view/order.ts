// What every screen shows of an order, derived in one place from the fold's OrderView (the
// one local state), once per change of that order (view/local.ts). Screens never read raw
// fields for these: the order page once showed `province`/`city` while customer service's
// `order.set_address` had replaced them, and the scan banner did too (issue 10).
// The address and live-label rules are the core's (sync/rules.ts, pinned by
// tests/vectors/rules.json with the server's OrderView): this module only assembles them.
import { rules, type OrderView } from '../sync'

export { ADDRESS_KEYS, type Address, type AddressKey } from '../sync/rules'

const text = (v: unknown): string => (typeof v === 'string' ? v : '')

/** The recipient as staff last set it (rules.addressOf: order.set_address wins per key). */
export const addressOf = (o: OrderView): rules.Address => rules.addressOf(o.fields)

/** Live (not voided) labels, sorted; the last is the one to print (rules.liveLabels). */
export const liveLabels = (o: OrderView): string[] => rules.liveLabels(o)

/** The latest flagged note 红旗备注: who changed what, when (server/orders/changes.py writes
 * it as a map next to every customer-service change; a plain text note is kept as `note`). */
export interface FlagNote {
  by: string
  byName: string
  /** address | lines | line_attributes | requests | hold | release | cancel, or '' */
  change: string
  note: string
  /** ISO time of the change ('' when unknown) */
  at: string
  /** stable text for comparisons and data attributes */
  key: string
}

export function flagNoteOf(v: unknown): FlagNote | null {
  if (typeof v === 'string') return v ? { by: '', byName: '', change: '', note: v, at: '', key: v } : null
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null
  const m = v as Record<string, unknown>
  const f = { by: text(m.by), byName: text(m.by_name), change: text(m.change), note: text(m.note), at: text(m.at) }
  return { ...f, key: [f.by, f.change, f.at, f.note].join('|') }
}

export interface OrderEntry {
  readonly eid: string
  readonly order: OrderView
  /** what staff call it: the platform's order number (else the entity id) */
  readonly no: string
  readonly address: rules.Address
  /** province + city + district + detail, as on the label */
  readonly fullAddress: string
  /** the label to scan and print now ('' when none is live: never printed, or voided) */
  readonly liveLabel: string
  /** the latest flagged note 红旗备注 (who changed what), null when none */
  readonly flag: FlagNote | null
  readonly needsReprint: boolean
  readonly receivedAt: string
}

export function entryOf(eid: string, o: OrderView): OrderEntry {
  const address = addressOf(o)
  const live = liveLabels(o)
  return {
    eid,
    order: o,
    no: text(o.fields.platform_order_no) || eid,
    address,
    fullAddress: rules.fullAddress(o.fields),
    liveLabel: live[live.length - 1] ?? '',
    flag: flagNoteOf(o.fields.flag_note),
    needsReprint: o.fields.needs_reprint === true,
    receivedAt: text(o.fields.received_at),
  }
}
