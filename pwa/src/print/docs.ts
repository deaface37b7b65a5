// The A4 wave documents from local state: the TypeScript twin of server/waves/assemble.py,
// server/waves/select.py (slot order) and server/printing/lists.py (grouping). Both are checked
// against tests/server/waves/fixtures/wave_documents.json, so an offline print matches the PDF.
import type { OrderSnapshot, Snapshot } from '../state'
import { orderNo } from '../components/labels'
import { rules } from '../sync'
import { compareCodePoints } from '../sync/value'
import { addressOf, CARRIER_ZH, carrierOf, isSpecialOrder, liveLabels, specialText, type CarrierCode } from './labels'

/** server/waves/schemas.py SkuRef: name, spec and pick bin of one SKU (GET /api/waves/print-reference). */
export interface SkuRef {
  barcode: string
  name: string
  spec: string
  spot_checked: boolean
  location: string | null
  walk_order: number | null
}
export interface PrintRefs {
  warehouse: string
  timezone: string
  skus: SkuRef[]
}

/** A SKU with no stock here prints as 未上架 and sorts after every bin. */
export const UNSHELVED = { location: '未上架', walkOrder: 1_000_000 } as const

export interface Item {
  name: string
  spec: string
  spotChecked: boolean
  location: string
  walkOrder: number
}

/** assemble.item: an unknown SKU prints its barcode, unshelved, not spot-checked. */
export function itemOf(refs: ReadonlyMap<string, SkuRef>, sku: string): Item {
  const r = refs.get(sku)
  if (!r) return { name: sku, spec: '', spotChecked: false, ...UNSHELVED }
  if (r.location === null || r.walk_order === null) return { name: r.name, spec: r.spec, spotChecked: r.spot_checked, ...UNSHELVED }
  return { name: r.name, spec: r.spec, spotChecked: r.spot_checked, location: r.location, walkOrder: r.walk_order }
}

export const refsMap = (refs: PrintRefs | undefined): Map<string, SkuRef> => new Map((refs?.skus ?? []).map((s) => [s.barcode, s]))

// ---- Slot order: server/orders/model.py received_at + server/waves/select.py slot_key ----

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/

/** received_at as [UTC seconds, microseconds] like Python's fromisoformat; naive means UTC,
 * missing or unreadable means the epoch (such an order leads the wave, as on the server). */
export function receivedKey(raw: unknown): [number, number] {
  if (typeof raw !== 'string') return [0, 0]
  const m = ISO.exec(raw)
  if (!m) return [0, 0]
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1, 7).map((v) => v ?? undefined) as string[]
  const nums = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number]
  const ms = Date.UTC(nums[0], nums[1] - 1, nums[2], nums[3], nums[4], nums[5])
  const back = new Date(ms)
  if (nums[1] < 1 || nums[1] > 12 || back.getUTCDate() !== nums[2] || nums[3] > 23 || nums[4] > 59 || nums[5] > 59) return [0, 0]
  let offset = 0
  const z = m[8]
  if (z && z !== 'Z') {
    const digits = z.slice(1).replace(/:/g, '')
    offset = (z[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || 0) * 60 + Number(digits.slice(4, 6) || 0))
  }
  const micro = Number(((m[7] ?? '') + '000000').slice(0, 6))
  return [Math.floor(ms / 1000) - offset, micro]
}

export type Entry = [eid: string, order: OrderSnapshot]

/** Oldest first, ties by order id: the slot order the wave was numbered in. */
export function compareSlots([a, x]: Entry, [b, y]: Entry): number {
  const [ks, ku] = receivedKey(x.fields.received_at)
  const [ls, lu] = receivedKey(y.fields.received_at)
  return ks - ls || ku - lu || compareCodePoints(a, b)
}

/** select.on_documents: a held or cancelled order is never printed, whatever its wave. */
export const onDocuments = (o: OrderSnapshot): boolean => rules.onDocuments(o)

/** The wave's orders as its documents list them: in slot order, never held or cancelled. */
export function waveOrders(s: Snapshot, code: string): Entry[] {
  // compareSlots' order, with each received_at parsed once (not once per comparison: a
  // wave of 2,000 orders took ~100 ms on a slow phone, on every pick scan)
  const keyed: [Entry, number, number][] = []
  for (const eid in s.orders) {
    const o = s.orders[eid]!
    if (o.fields.wave === code && onDocuments(o)) keyed.push([[eid, o], ...receivedKey(o.fields.received_at)])
  }
  keyed.sort((a, b) => a[1] - b[1] || a[2] - b[2] || compareCodePoints(a[0][0], b[0][0]))
  return keyed.map((k) => k[0])
}

// ---- Documents ----

/** The wave's order numbers in slot order (the handoff sheet's order list). */
export const orderNos = (orders: Entry[]): string[] => orders.map(([eid, o]) => orderNo(eid, o))
/** A wave's list ids, as its barcodes and the server's document names carry them. */
export const pickListId = (code: string) => `PK-${code}`
export const sortListId = (code: string) => `SO-${code}`
const sortedLines = (o: OrderSnapshot): [string, number][] =>
  Object.entries(o.lines ?? {}).sort(([a], [b]) => compareCodePoints(a, b))

export interface PickLine {
  location: string
  walkOrder: number
  sku: string
  name: string
  spec: string
  totalQty: number
  orderCount: number
  spotChecked: boolean
}
export interface PickList {
  id: string
  lines: PickLine[]
  totalQty: number
  totalOrders: number
}
export interface SortLine {
  sku: string
  name: string
  spec: string
  qty: number
}
export interface SortSlot {
  slotNo: number
  orderNo: string
  carrier: CarrierCode
  carrierName: string
  special: boolean
  lines: SortLine[]
}
export interface SortList {
  id: string
  slots: SortSlot[]
  units: number
}
export interface PackingSlip {
  eid: string
  orderNo: string
  carrierName: string
  trackingNo: string
  recipientName: string
  recipientPhone: string
  address: string
  note: string
  lines: SortLine[]
}

/** lists.build_pick_list over assemble.pick_and_sort's demands: one line per (bin, SKU). */
export function pickList(code: string, orders: Entry[], refs: ReadonlyMap<string, SkuRef>): PickList {
  const lines = new Map<string, PickLine>()
  const ordersOf = new Map<string, Set<string>>()
  const all = new Set<string>()
  let totalQty = 0
  for (const [eid, o] of orders) {
    const no = orderNo(eid, o)
    for (const [sku, qty] of sortedLines(o)) {
      const it = itemOf(refs, sku)
      const key = `${it.location}\u0000${sku}`
      const line = lines.get(key)
      if (line) {
        line.totalQty += qty
        line.spotChecked = line.spotChecked && it.spotChecked
      } else {
        lines.set(key, { location: it.location, walkOrder: it.walkOrder, sku, name: it.name, spec: it.spec, totalQty: qty, orderCount: 0, spotChecked: it.spotChecked })
        ordersOf.set(key, new Set())
      }
      ordersOf.get(key)!.add(no)
      all.add(no)
      totalQty += qty
    }
  }
  for (const [key, line] of lines) line.orderCount = ordersOf.get(key)!.size
  const sorted = [...lines.values()].sort(
    (a, b) => a.walkOrder - b.walkOrder || compareCodePoints(a.location, b.location) || compareCodePoints(a.sku, b.sku),
  )
  return { id: pickListId(code), lines: sorted, totalQty, totalOrders: all.size }
}

/** lists.build_sort_list: slots 1..n in wave order; a repeated SKU in one order counts once. */
export function sortList(code: string, orders: Entry[], refs: ReadonlyMap<string, SkuRef>): SortList {
  let units = 0
  const slots = orders.map(([eid, o], i): SortSlot => {
    const carrier = carrierOf(o.fields.carrier)
    const lines = sortedLines(o).map(([sku, qty]) => {
      const it = itemOf(refs, sku)
      units += qty
      return { sku, name: it.name, spec: it.spec, qty }
    })
    return { slotNo: i + 1, orderNo: orderNo(eid, o), carrier, carrierName: CARRIER_ZH[carrier], special: isSpecialOrder(o), lines }
  })
  return { id: sortListId(code), slots, units }
}

/** assemble.slips_of: one 发货单 per order, with its live label's tracking number. */
export function packingSlips(orders: Entry[], refs: ReadonlyMap<string, SkuRef>): PackingSlip[] {
  return orders.map(([eid, o]) => {
    const a = addressOf(o)
    const live = liveLabels(o)
    const carrier = carrierOf(o.fields.carrier)
    return {
      eid,
      orderNo: orderNo(eid, o),
      carrierName: CARRIER_ZH[carrier],
      trackingNo: live.length ? live[live.length - 1]! : 'NOLABEL',
      recipientName: a.recipient_name,
      recipientPhone: a.recipient_phone,
      address: `${a.province}${a.city}${a.district}${a.address_detail}`,
      note: specialText(o),
      lines: sortedLines(o).map(([sku, qty]) => {
        const it = itemOf(refs, sku)
        return { sku, name: it.name, spec: it.spec, qty }
      }),
    }
  })
}

/** Orders waiting for a reprint after a change (the printer must reprint, old label voided). */
export function needsReprint(s: Snapshot): Entry[] {
  return Object.entries(s.orders)
    .filter(([, o]) => o.fields.needs_reprint === true && onDocuments(o) && !rules.GONE.has(o.status))
    .sort(compareSlots)
}
