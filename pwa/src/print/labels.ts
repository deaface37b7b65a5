// Shipping-label data from the local replica: the TypeScript twin of server/waves/assemble.py
// label_data() and server/orders/model.py, so an offline print matches the server's label.
import type { OrderSnapshot, Snapshot } from '../state'
import { rules } from '../sync'
import { addressOf, liveLabels } from '../view/order'

// The address and live-label rules are the local view's (view/order.ts), shared by every screen.
export { addressOf, liveLabels }

export type CarrierCode = 'SF' | 'ZTO' | 'YTO' | 'YUNDA' | 'EMS'
export const CARRIER_ZH: Record<CarrierCode, string> = {
  SF: '顺丰速运',
  ZTO: '中通快递',
  YTO: '圆通速递',
  YUNDA: '韵达快递',
  EMS: 'EMS',
}
const ALIASES: Record<CarrierCode, string[]> = {
  SF: ['顺丰', '顺丰速运', '顺丰快递', 'sf', 'sf express', 'shunfeng'],
  ZTO: ['中通', '中通快递', '中通速递', 'zto', 'zhongtong'],
  YTO: ['圆通', '圆通速递', '圆通快递', 'yto', 'yuantong'],
  YUNDA: ['韵达', '韵达快递', '韵达速递', 'yunda', 'yd'],
  EMS: ['ems', '中国邮政', '邮政', '邮政ems', '邮政快递包裹', 'china post'],
}
const LOOKUP = new Map(Object.entries(ALIASES).flatMap(([c, names]) => names.map((n) => [n, c as CarrierCode])))

/** server/orders/carriers.py carrier_of: unknown or missing means the default carrier (ZTO). */
export function carrierOf(stored: unknown): CarrierCode {
  if (typeof stored !== 'string') return 'ZTO'
  return LOOKUP.get(stored.trim().toLowerCase().split(/\s+/).join(' ')) ?? 'ZTO'
}

/** Privacy rule for printed labels: keep the first 3 and last 4 digits (138****1234). */
export function maskPhone(phone: string): string {
  const d = phone.trim()
  if (d.length >= 8) return `${d.slice(0, 3)}****${d.slice(-4)}`
  if (d.length >= 3) return `${d.slice(0, 1)}${'*'.repeat(d.length - 2)}${d.slice(-1)}`
  return '*'.repeat(d.length)
}

export const SPECIAL_MARK = '剪角'
export type LabelSize = '76x130' | '100x150'
export const LABEL_SIZES: Record<LabelSize, { w: number; h: number }> = {
  '76x130': { w: 76, h: 130 },
  '100x150': { w: 100, h: 150 },
}

export interface LabelData {
  eid: string
  carrier: CarrierCode
  carrierName: string
  trackingNo: string
  labelVersion: number
  orderNo: string
  recipientName: string
  recipientPhone: string
  fullAddress: string
  sender: string
  itemCount: number
  printedAt: string
  special: boolean
  specialRequest: string
  qrPayload: string
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '')
const TRACKING = /^[A-Za-z0-9-]{6,32}$/
/** Everything the printer must read (rules.specialText). */
export const specialText = (o: OrderSnapshot): string => rules.specialText(o.fields)

/** 剪角: crate items, a handwritten label or any special request (rules.isSpecial). */
export const isSpecialOrder = (o: OrderSnapshot): boolean => rules.isSpecial(o.fields)

/** May this order's label print from local state? The core's label rule (never held,
 * cancelled, shipped or stale: rules.labelRefusal, the server's too), and a live label this
 * printer can encode. */
export function printable(o: OrderSnapshot): boolean {
  if (rules.labelRefusal(o) !== null) return false
  const live = liveLabels(o)
  return TRACKING.test(live[live.length - 1]!)
}

export function labelData(eid: string, o: OrderSnapshot, sender: string, printedAt: string): LabelData {
  const a = addressOf(o)
  const live = liveLabels(o)
  const trackingNo = live[live.length - 1]!
  const carrier = carrierOf(o.fields.carrier)
  const orderNo = text(o.fields.platform_order_no) || eid
  const labelVersion = Math.max(1, Object.keys(o.labels).length)
  const itemCount = Math.max(1, Object.values(o.lines ?? {}).reduce((n, q) => n + q, 0))
  return {
    eid,
    carrier,
    carrierName: CARRIER_ZH[carrier],
    trackingNo,
    labelVersion,
    orderNo,
    recipientName: a.recipient_name,
    recipientPhone: a.recipient_phone,
    fullAddress: `${a.province}${a.city}${a.district}${a.address_detail}`,
    sender,
    itemCount,
    printedAt,
    special: isSpecialOrder(o),
    specialRequest: specialText(o),
    qrPayload: `PL1;${trackingNo};${orderNo};v${labelVersion}`,
  }
}

/** Printable labels, oldest order first (orders ship within 24 hours). */
export function printableLabels(s: Snapshot, sender: string, printedAt: string): LabelData[] {
  return Object.entries(s.orders)
    .filter(([, o]) => printable(o))
    .sort(([a, x], [b, y]) => text(x.fields.received_at).localeCompare(text(y.fields.received_at)) || a.localeCompare(b))
    .map(([eid, o]) => labelData(eid, o, sender, printedAt))
}

/** "YYYY-MM-DD HH:MM" in the warehouse's zone (the label's 打印 line). */
export function printStamp(timezone: string | undefined, now = new Date()): string {
  const fmt = (tz: string | undefined) =>
    new Intl.DateTimeFormat('en-CA', {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz,
    }).formatToParts(now)
  let parts
  try {
    parts = fmt(timezone)
  } catch {
    parts = fmt(undefined)
  }
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? ''
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`
}
