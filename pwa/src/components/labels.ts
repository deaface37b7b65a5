import { catalogs, type MessageKey, type T } from '../i18n'
import type { Op } from '../sync'
import type { OrderSnapshot } from '../state'
import { formatTime } from '../time'
import type { FlagNote } from '../view/order'

// Server codes (statuses, op kinds, exception kinds, refusal reasons) shown in the staff's
// words; an unknown code is shown as is rather than hidden.
export function known(key: string): key is MessageKey {
  return key in catalogs['zh-CN']
}
const or = (t: T, key: string, raw: string) => (known(key) ? t(key) : raw)

export const statusLabel = (t: T, s: string) => or(t, `status.${s}`, s)
export const opKindLabel = (t: T, k: string) => or(t, `op.${k}`, k)
export const excKindLabel = (t: T, k: string) => or(t, `exc.${k}`, k)
export const reasonLabel = (t: T, r: string) => or(t, `reason.${r}`, r)

/** What staff call an order: the platform's order number (the label shows it too). */
export function orderNo(eid: string, o?: OrderSnapshot): string {
  const n = o?.fields.platform_order_no
  return typeof n === 'string' && n ? n : eid
}

/** What an op is about, as staff name it: its parcel's tracking number, else its order. */
export function opTarget(op: Op, orders: Record<string, OrderSnapshot>): string {
  if (typeof op.payload.tracking === 'string') return op.payload.tracking
  return op.etype === 'order' ? orderNo(op.eid, orders[op.eid]) : op.eid
}

/** A flagged note in the staff's words: who, what they changed, their note, when. */
export function flagText(t: T, lang: 'zh-CN' | 'en', f: FlagNote): string {
  const who = f.byName && f.by ? `${f.byName}（${f.by}）` : f.byName || f.by
  const at = f.at ? formatTime(Date.parse(f.at), lang) : ''
  return [who, f.change ? or(t, `change.${f.change}`, f.change) : '', f.note, at].filter(Boolean).join(' · ')
}

export function field(o: OrderSnapshot | undefined, name: string): string {
  const v = o?.fields[name]
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v)
}
