// Shipping rules (scan-out with items, crates, freight, batches, reconciliation) — the twin
// of sync/shipping.py, pinned by tests/vectors/shipping.json. The fold (shipFold.ts) and the
// scan, crate and ship screens call these; none re-implements one. Orders are read in
// snapshot form (OrderView plus its `eid`).
import * as rules from './rules'
import { compareCodePoints, type Value } from './value'

type Lines = Readonly<Record<string, number>>
const sorted = (xs: Iterable<string>): string[] => [...xs].sort(compareCodePoints)
/** SKUs in the order every list shows them (code points, as Python sorts) */
export const compareSkus = compareCodePoints

// -- scan-out with items ---------------------------------------------------------------
export type ItemVerdict = 'ok' | 'wrong_item' | 'quantity'

/** Items packed against the lines: a product the order lacks first, then any count off. */
export function itemVerdict(lines: Lines | null | undefined, items: Lines): ItemVerdict {
  const want = lines ?? {}
  if (Object.keys(items).some((s) => !(s in want))) return 'wrong_item'
  if (Object.entries(want).some(([s, q]) => (items[s] ?? 0) !== q)) return 'quantity'
  return 'ok'
}

export type Progress = 'wrong_item' | 'over' | 'complete' | 'open'

/** The handheld's live state while items are scanned (see sync/shipping.py). */
export function itemProgress(lines: Lines | null | undefined, items: Lines): { state: Progress; missing: Record<string, number> } {
  const want = lines ?? {}
  const missing: Record<string, number> = {}
  for (const s of sorted(Object.keys(want))) if ((items[s] ?? 0) < want[s]!) missing[s] = want[s]! - (items[s] ?? 0)
  let state: Progress
  if (Object.keys(items).some((s) => !(s in want))) state = 'wrong_item'
  else if (Object.entries(items).some(([s, q]) => q > want[s]!)) state = 'over'
  else if (Object.keys(missing).length === 0) state = 'complete'
  else state = 'open'
  return { state, missing }
}

/** The SKU a product barcode names (a line's code, normalised), else the normalised code. */
export function matchItem(lines: Lines | null | undefined, code: string): string {
  const norm = rules.normaliseTracking(code)
  for (const sku of sorted(Object.keys(lines ?? {}))) if (rules.normaliseTracking(sku) === norm) return sku
  return norm
}

/** The packing slip goes in, except in promotion periods: the scan records which. */
export const slipStep = (promotion: boolean): 'in' | 'promo' => (promotion ? 'promo' : 'in')

// -- crates ----------------------------------------------------------------------------
export const CRATE_SLOTS: readonly string[] = ['09:30', '14:30', '16:30']
const DAY = 86_400_000
const MIN = 60_000
const minutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':')
  return Number(h) * 60 + Number(m)
}

/** When a crate handed over at `handedMs` must be back: the next slot strictly after. */
export function crateDue(slots: readonly string[], handedMs: number, offsetMin: number): number {
  if (slots.length === 0) return handedMs + DAY
  const local = handedMs + offsetMin * MIN
  const day0 = local - (((local % DAY) + DAY) % DAY)
  const nowMin = Math.floor((local - day0) / MIN)
  const mins = slots.map(minutes).sort((a, b) => a - b)
  const next = mins.find((m) => m > nowMin)
  const dueLocal = next !== undefined ? day0 + next * MIN : day0 + DAY + mins[0]! * MIN
  return dueLocal - offsetMin * MIN
}

export interface Fact {
  op: string
  wall: number
  actor: string
  [k: string]: Value | undefined
}
export interface ShipView {
  scanned: Record<string, Fact>
  crate?: { handoff?: Fact; signed?: Fact; returned?: Fact }
  freight?: Fact
  batch?: Fact
  missed?: Fact
  pickup?: Fact
  waiting?: Fact
}

export type CrateState = 'none' | 'handed' | 'signed' | 'returned' | 'overdue'

export function crateState(ship: ShipView | null | undefined, nowMs: number): CrateState {
  const crate = ship?.crate ?? {}
  const hand = crate.handoff
  if (hand === undefined) return 'none'
  if (crate.returned !== undefined) return 'returned'
  if (nowMs > (hand.due as number)) return 'overdue'
  return crate.signed !== undefined ? 'signed' : 'handed'
}

export const courierWaiting = (ship: ShipView | null | undefined): boolean =>
  ship?.waiting !== undefined && ship.crate?.returned === undefined

export interface ShipOrder extends rules.OrderLike {
  readonly eid: string
  readonly ship?: ShipView | null
}

/** The crate orders of `carrier` to flag "courier waiting" when its courier arrives. */
export function waitingOn(orders: Iterable<ShipOrder>, carrier: string): string[] {
  const out: string[] = []
  for (const o of orders) {
    if (
      rules.OPEN.has(o.status) && rules.needsCrate(o.fields) && rules.carrierKey(o.fields) === carrier &&
      o.ship?.crate?.returned === undefined && o.ship?.waiting === undefined
    ) out.push(o.eid)
  }
  return sorted(out)
}

export const FREIGHT_CARRIER = '托运部'

/** Goes by a freight depot (托运部): handed to the freight driver, not a courier. */
export const isFreight = (fields: rules.OrderLike['fields']): boolean =>
  fields.freight === true || rules.carrierKey(fields) === FREIGHT_CARRIER

// -- batch shipping --------------------------------------------------------------------
/** scanned out with its items (v3); an order shipped before v3 has no batch to join */
const scannedOut = (o: ShipOrder): boolean => Object.keys(o.ship?.scanned ?? {}).length > 0

/** A carrier's batch: `scanned` (out, in no batch yet) and `missing` (to ship, not scanned). */
export function batchParcels(orders: Iterable<ShipOrder>, carrier: string): { scanned: string[]; missing: string[] } {
  const scanned: string[] = []
  const missing: string[] = []
  for (const o of orders) {
    if (rules.carrierKey(o.fields) !== carrier || o.status === 'cancelled') continue
    if (o.ship?.batch !== undefined) continue
    if (scannedOut(o)) scanned.push(o.eid)
    else if (rules.isToShip(o) && rules.liveLabels(o).length > 0) missing.push(o.eid)
  }
  return { scanned: sorted(scanned), missing: sorted(missing) }
}

export function batchCheck(scanned: number, counted: number): 'ok' | 'mismatch' | 'empty' {
  if (scanned === 0) return 'empty'
  return scanned === counted ? 'ok' : 'mismatch'
}

export const MANIFEST_PREFIX = 'PLM1'

export const manifestText = (batch: string, carrier: string, eids: readonly string[]): string =>
  [MANIFEST_PREFIX, batch, carrier, String(eids.length), eids.join(',')].join('|')

export function parseManifest(text: string): { batch: string; carrier: string; count: number; eids: string[] } | null {
  const parts = text.trim().split('|')
  if (parts.length !== 5 || parts[0] !== MANIFEST_PREFIX || !parts[1] || !/^[0-9]+$/.test(parts[3]!)) return null
  const eids = parts[4]!.split(',').filter(Boolean)
  if (eids.length !== Number(parts[3])) return null
  return { batch: parts[1], carrier: parts[2]!, count: eids.length, eids }
}

// -- the day's 发货包裹数 -----------------------------------------------------------------
export const RECON_STEPS = ['printed', 'scanned', 'handed', 'confirmed'] as const
export type ReconStep = (typeof RECON_STEPS)[number]
export interface ReconRow {
  carrier: string
  printed: number
  scanned: number
  handed: number
  confirmed: number
  gaps: { not_scanned: string[]; not_handed: string[]; not_confirmed: string[] }
}

const within = (f: Fact | undefined, start: number, end: number): boolean => f !== undefined && start <= f.wall && f.wall < end

/** The warehouse's local day holding `nowMs` as [start, end) in epoch ms. */
export function dayRange(nowMs: number, offsetMin: number): [number, number] {
  const off = offsetMin * MIN
  const start = Math.floor((nowMs + off) / DAY) * DAY - off
  return [start, start + DAY]
}

/** Per carrier, the day's parcels at each step and the exact orders between two steps. */
export function reconcile(orders: Iterable<ShipOrder>, start: number, end: number): ReconRow[] {
  const per = new Map<string, Record<ReconStep, string[]>>()
  for (const o of orders) {
    if (o.status === 'cancelled') continue
    const scans = Object.values(o.ship?.scanned ?? {})
    const scanned = scans.some((s) => within(s, start, end))
    const handed = within(o.ship?.batch, start, end)
    const confirmed = handed && o.ship?.pickup !== undefined
    const waiting = rules.TO_SHIP.has(o.status) && scans.length === 0
    const printed = rules.liveLabels(o).length > 0 && (waiting || scanned || handed)
    if (!(printed || scanned || handed)) continue
    const c = rules.carrierKey(o.fields)
    let row = per.get(c)
    if (!row) per.set(c, (row = { printed: [], scanned: [], handed: [], confirmed: [] }))
    const flags = [printed, scanned, handed, confirmed]
    RECON_STEPS.forEach((k, i) => {
      if (flags[i]) row![k].push(o.eid)
    })
  }
  return sorted(per.keys()).map((carrier) => {
    const r = per.get(carrier)!
    const minus = (a: string[], b: string[]) => sorted(a.filter((x) => !b.includes(x)))
    return {
      carrier,
      printed: r.printed.length,
      scanned: r.scanned.length,
      handed: r.handed.length,
      confirmed: r.confirmed.length,
      gaps: {
        not_scanned: minus(r.printed, r.scanned),
        not_handed: minus(r.scanned, r.handed),
        not_confirmed: minus(r.handed, r.confirmed),
      },
    }
  })
}
