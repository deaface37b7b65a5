// What every screen shows of an order, derived in one place from the fold's OrderView (the
// one local state), once per change of that order (view/local.ts). Screens never read raw
// fields for these: the order page once showed `province`/`city` while customer service's
// `order.set_address` had replaced them, and the scan banner did too (issue 10).
// TODO(core rules): the address rule ("`address` written by order.set_address wins over the
// create's fields") exists in server/orders/model.py too; it belongs in the twin cores'
// rules with a vector, and this module should call it from there.
import type { OrderView } from '../sync'

export const ADDRESS_KEYS = ['recipient_name', 'recipient_phone', 'province', 'city', 'district', 'address_detail'] as const
export type AddressKey = (typeof ADDRESS_KEYS)[number]
export type Address = Readonly<Record<AddressKey, string>>

const text = (v: unknown): string => (typeof v === 'string' ? v : '')

/** The recipient as staff last set it: `address` (order.set_address) wins over the fields. */
export function addressOf(o: OrderView): Address {
  const base = Object.fromEntries(ADDRESS_KEYS.map((k) => [k, text(o.fields[k])])) as Record<AddressKey, string>
  const override = o.fields.address
  if (override && typeof override === 'object' && !Array.isArray(override)) {
    for (const k of ADDRESS_KEYS) if (k in override) base[k] = text((override as Record<string, unknown>)[k])
  }
  return base
}

/** Live (not voided) labels, sorted; the last is the one to print (server assemble.label_data). */
export const liveLabels = (o: OrderView): string[] =>
  Object.entries(o.labels).filter(([, s]) => s === 'printed').map(([t]) => t).sort()

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
  readonly address: Address
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
    fullAddress: `${address.province}${address.city}${address.district}${address.address_detail}`,
    liveLabel: live[live.length - 1] ?? '',
    flag: flagNoteOf(o.fields.flag_note),
    needsReprint: o.fields.needs_reprint === true,
    receivedAt: text(o.fields.received_at),
  }
}
