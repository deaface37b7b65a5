// One parcel being scanned out: its label and the items packed in it, in either order.
// Every verdict is the core's (rules.judgeScan for the label, shipping.itemProgress while
// items come in, the fold's items check once the op lands); this module only keeps the
// parcel between scans and says which op to record. Nothing is forced: a wrong product or a
// count that cannot match records the scan with its items, the fold refuses it and raises
// the exception; only a complete parcel (and its packing slip, unless promotion mode) ships.
import type { NewOp } from '../outbox/store'
import type { LocalView } from '../state'
import { rules, shipping } from '../sync'
import { scanOutcome, scanOp, type ScanOutcome } from './scanout'

export interface Parcel {
  tracking?: string
  eid?: string
  /** sku → count packed (matched to the order's lines once the label is known) */
  items: Record<string, number>
  /** product codes scanned before the label, matched when it comes */
  early: string[]
  /** the packing slip is in (asked only when the parcel is otherwise complete) */
  slip: boolean
}

export const emptyParcel = (): Parcel => ({ items: {}, early: [], slip: false })

export type Step =
  /** the parcel is recorded: `outcome` is the label's verdict, or the items' */
  | { kind: 'recorded'; op: NewOp; verdict: ScanOutcome['kind'] | 'wrong_item' | 'quantity' }
  /** nothing recorded; `parcel` is the parcel to keep */
  | { kind: 'open'; parcel: Parcel; wait: 'label' | 'items' | 'slip' }
  /** a code that is neither a label here nor a product of any order here */
  | { kind: 'unknown'; tracking: string }

const skuIndex = new WeakMap<object, Set<string>>()

/** Every product code this device's orders list (normalised), to tell an item from a typo. */
function knownSkus(view: LocalView): Set<string> {
  let s = skuIndex.get(view.snapshot.orders)
  if (!s) {
    s = new Set()
    for (const o of Object.values(view.snapshot.orders)) for (const k of Object.keys(o.lines ?? {})) s.add(rules.normaliseTracking(k))
    skuIndex.set(view.snapshot.orders, s)
  }
  return s
}

function itemsOp(p: Parcel, slip: 'in' | 'promo' | undefined): NewOp {
  const payload: Record<string, unknown> = { tracking: p.tracking!, items: { ...p.items } }
  if (slip) payload.slip = slip
  return { kind: 'parcel.scan_out', etype: 'order', eid: p.eid!, payload } as NewOp
}

/** Where the parcel stands after its items changed: stop, ask for the slip, ship or wait. */
function settle(view: LocalView, p: Parcel, promotion: boolean): Step {
  const lines = view.snapshot.orders[p.eid!]?.lines
  const { state } = shipping.itemProgress(lines, p.items)
  if (state === 'wrong_item') return { kind: 'recorded', op: itemsOp(p, undefined), verdict: 'wrong_item' }
  if (state === 'over') return { kind: 'recorded', op: itemsOp(p, undefined), verdict: 'quantity' }
  if (state === 'open') return { kind: 'open', parcel: p, wait: 'items' }
  const slip = shipping.slipStep(promotion)
  if (slip === 'in' && !p.slip) return { kind: 'open', parcel: p, wait: 'slip' }
  return { kind: 'recorded', op: itemsOp(p, slip), verdict: 'ok' }
}

/** One scanned code (a label or a product) applied to the parcel in progress. */
export function scanCode(view: LocalView, parcel: Parcel, raw: string, promotion: boolean): Step {
  const code = rules.normaliseTracking(raw)
  if (view.labels.has(code)) {
    const outcome = scanOutcome(view, code)
    if (outcome.kind === 'unknown') return { kind: 'unknown', tracking: code }
    if (outcome.kind !== 'ok') return { kind: 'recorded', op: scanOp(outcome), verdict: outcome.kind }
    if (parcel.tracking === code) return { kind: 'open', parcel, wait: 'items' } // the same label again
    const lines = view.snapshot.orders[outcome.eid]?.lines
    const p: Parcel = { tracking: code, eid: outcome.eid, items: {}, early: [], slip: false }
    for (const c of parcel.early) {
      const sku = shipping.matchItem(lines, c)
      p.items[sku] = (p.items[sku] ?? 0) + 1
    }
    return settle(view, p, promotion)
  }
  if (parcel.tracking === undefined) {
    if (!knownSkus(view).has(code)) return { kind: 'unknown', tracking: code }
    return { kind: 'open', parcel: { ...parcel, early: [...parcel.early, code] }, wait: 'label' }
  }
  const sku = shipping.matchItem(view.snapshot.orders[parcel.eid!]?.lines, code)
  const p = { ...parcel, items: { ...parcel.items, [sku]: (parcel.items[sku] ?? 0) + 1 } }
  return settle(view, p, promotion)
}

/** The picker confirms the packing slip is in the parcel. */
export function slipIn(view: LocalView, parcel: Parcel, promotion: boolean): Step {
  return settle(view, { ...parcel, slip: true }, promotion)
}

/** The picker stops a parcel that cannot be completed (items short): recorded as scanned,
 * so the fold's quantity check raises the exception. Never a way to ship it. */
export function stopShort(parcel: Parcel): Extract<Step, { kind: 'recorded' }> | null {
  if (parcel.tracking === undefined) return null
  return { kind: 'recorded', op: itemsOp(parcel, undefined), verdict: 'quantity' }
}

// The parcel in progress survives a reload (offline too): per device, in localStorage.
const KEY = (device: string) => `packline.parcel.${device}`

export function loadParcel(device: string): Parcel {
  try {
    const raw = localStorage.getItem(KEY(device))
    if (raw) {
      const p = JSON.parse(raw) as Parcel
      if (p && typeof p.items === 'object' && Array.isArray(p.early)) return p
    }
  } catch {
    /* storage blocked or corrupt: start clean */
  }
  return emptyParcel()
}

export function saveParcel(device: string, p: Parcel): void {
  try {
    if (p.tracking === undefined && p.early.length === 0) localStorage.removeItem(KEY(device))
    else localStorage.setItem(KEY(device), JSON.stringify(p))
  } catch {
    /* not kept across a reload */
  }
}
