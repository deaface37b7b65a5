// Op kinds, their entity type and payload schema (docs/sync-protocol.md §4) — mirrors
// sync/kinds.py. Schemas are strict so a newer client's extra data shows up as
// `invalid_op` on an older replica instead of being silently ignored.
import { InvalidOpError, type InvalidReason } from './errors'
import { ORDER_STATUS } from './lattice'
import type { Op } from './op'
import { isMap, type ValueMap } from './value'

/** What status.advance may name (never `cancelled`): the lattice's chain. */
export const ORDER_STATUSES = ORDER_STATUS.chain
const ADVANCE_TARGETS = new Set<unknown>(ORDER_STATUSES.slice(1))
const NAME = /^[a-z][a-z0-9_]{0,31}$/

type Check = (v: unknown) => boolean

const hasOwn = Object.prototype.hasOwnProperty

const isStr: Check = (v) => typeof v === 'string' && v !== ''
const isPos: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1
const isNonNeg: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isNonZero: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v !== 0
const isAny: Check = () => true
const isTrue: Check = (v) => v === true
const isResult: Check = (v) => v === 'pass' || v === 'fail'
export const OUTCOMES: ReadonlySet<string> = new Set(['re_pick', 'reprint', 'split', 'cancel', 'accept'])
const isOutcome: Check = (v) => typeof v === 'string' && OUTCOMES.has(v)
const isText: Check = (v) => typeof v === 'string' && v.length <= 64 // a carrier code: '' is none
const isSlip: Check = (v) => v === 'in' || v === 'promo'
const isMethod: Check = (v) => v === 'qr' || v === 'count'
const isAdvance: Check = (v) => typeof v === 'string' && ADVANCE_TARGETS.has(v)

// Field names recur on every order: remember the few good ones instead of re-running the
// regex (bounded, as in sync/kinds.py).
const goodNames = new Set<string>()

function isName(v: unknown): boolean {
  if (typeof v !== 'string') return false
  if (goodNames.has(v)) return true
  if (!NAME.test(v)) return false
  if (goodNames.size < 4096) goodNames.add(v)
  return true
}

function isLines(v: unknown): boolean {
  if (!isMap(v)) return false
  // keys and values as two lists: SKU-keyed maps rarely share a shape, so a lookup per
  // key would be a slow dictionary probe each
  const keys = Object.keys(v)
  if (keys.length === 0) return false
  for (let i = 0; i < keys.length; i++) if (keys[i] === '') return false
  const qty = Object.values(v)
  for (let i = 0; i < qty.length; i++) if (!isPos(qty[i])) return false
  return true
}

/** items packed in a parcel: like lines, but may be empty (a parcel stopped unpacked) */
function isItems(v: unknown): boolean {
  return isMap(v) && (Object.keys(v).length === 0 || isLines(v))
}

function isFields(v: unknown): boolean {
  if (!isMap(v)) return false
  for (const k of Object.keys(v)) if (!isName(k)) return false
  return true
}

export interface Schema {
  readonly etype: string
  readonly required: Readonly<Record<string, Check>>
  readonly optional: Readonly<Record<string, Check>>
  /** `required` as arrays, for the hot path */
  readonly reqKeys: readonly string[]
  readonly reqChecks: readonly Check[]
}

function s(etype: string, required: Record<string, Check>, optional: Record<string, Check> = {}): Schema {
  return { etype, required, optional, reqKeys: Object.keys(required), reqChecks: Object.values(required) }
}

/** kind → schema. Iteration order matches sync/kinds.py. */
export const KINDS: ReadonlyMap<string, Schema> = new Map([
  ['order.create', s('order', { lines: isLines }, { fields: isFields })],
  ['order.set_field', s('order', { field: isName, value: isAny })],
  ['order.set_address', s('order', { address: isAny })],
  ['order.hold', s('order', {}, { reason: isStr })],
  ['order.release', s('order', {}, { reason: isStr })],
  ['order.cancel', s('order', {}, { reason: isStr })],
  ['label.print', s('order', { tracking: isStr })],
  ['label.void', s('order', { tracking: isStr }, { reason: isStr })],
  ['pick.line_picked', s('order', { sku: isStr, qty: isPos }, { verified: isTrue })],
  ['status.advance', s('order', { to: isAdvance })],
  ['parcel.scan_out', s('order', { tracking: isStr }, { qty: isNonNeg, items: isItems, slip: isSlip })],
  ['delivery.confirm', s('order', {}, { tracking: isStr, proof: isAny })],
  ['stock.grant', s('stock', { device: isStr, qty: isPos })],
  ['stock.spend', s('stock', { qty: isPos }, { order: isStr })],
  ['stock.adjust', s('stock', { delta: isNonZero }, { reason: isStr })],
  ['sync.release', s('sync', {})],
  // issue 12, picking (v3): signing for a wave's lists (one op per order), shortage notices
  ['pick.sign', s('order', { wave: isStr }, { document: isStr })],
  ['pick.shortage', s('order', { sku: isStr, qty: isNonNeg }, { note: isStr })],
  // issue 14: stock counts (盘点) and inspections (质检); rules in stockFold.ts
  ['stock.count', s('stock', { qty: isNonNeg }, { session: isStr })],
  ['stock.count_accept', s('stock', { count: isStr })],
  ['stock.receive', s('stock', { qty: isPos, receipt: isStr }, { supplier: isStr })],
  ['qc.inspect', s('stock', { result: isResult }, { draw: isStr, receipt: isStr, note: isStr, checks: isAny, photo: isStr })],
  // the exception desk (deskFold.ts): the entity id is the exception record's id
  ['exception.assign', s('exception', { to: isStr })],
  ['exception.note', s('exception', { text: isStr })],
  ['exception.notify_cs', s('exception', {}, { text: isStr })],
  ['exception.resolve', s('exception', { outcome: isOutcome }, { text: isStr })],
  // v3 shipping (shipFold.ts): crates, freight, batches, the courier's pickup
  ['crate.handoff', s('order', { packer: isStr, due: isPos })],
  ['crate.sign', s('order', {})],
  ['crate.return', s('order', {})],
  ['crate.wait', s('order', { carrier: isStr })],
  ['freight.handoff', s('order', { driver: isStr })],
  ['batch.ship', s('order', { batch: isStr, carrier: isText, count: isPos })],
  ['batch.missed', s('order', { batch: isStr, carrier: isText })],
  ['pickup.confirm', s('order', { batch: isStr, carrier: isText, count: isPos, method: isMethod })],
])

const INSPECT_TEXT = new Set(['draw', 'receipt', 'note', 'photo'])

function inspectScreen(k: readonly string[], p: ValueMap): boolean {
  if (!isResult(p.result)) return false
  for (const key of k) {
    if (key === 'result' || key === 'checks') continue
    if (!INSPECT_TEXT.has(key) || !isStr(p[key])) return false
  }
  return true
}

/** keys are exactly {a, b}, in either order */
function pair(k: readonly string[], a: string, b: string): boolean {
  return k.length === 2 && ((k[0] === a && k[1] === b) || (k[0] === b && k[1] === a))
}

function only(k: readonly string[], a: string): boolean {
  return k.length === 1 && k[0] === a
}

/**
 * Quick screen of a payload, the KINDS table written out per kind (keep the two in step):
 * true only for a valid payload; false sends it to the precise generic check, which
 * decides (so a screen that is too strict costs time, never correctness). Each case's
 * property reads see only its kind's few payload shapes, and comparing the own-key list
 * replaces a hasOwnProperty lookup per key.
 */
export function screen(kind: string, p: ValueMap): boolean {
  const k = Object.keys(p)
  switch (kind) {
    case 'pick.line_picked':
      return pair(k, 'qty', 'sku') && isStr(p.sku) && isPos(p.qty)
    case 'stock.spend':
      return (only(k, 'qty') || (pair(k, 'order', 'qty') && isStr(p.order))) && isPos(p.qty)
    case 'status.advance':
      return only(k, 'to') && isAdvance(p.to)
    case 'order.set_field':
      return pair(k, 'field', 'value') && isName(p.field)
    case 'label.print':
      return only(k, 'tracking') && isStr(p.tracking)
    case 'order.create':
      return (only(k, 'lines') || (pair(k, 'fields', 'lines') && isFields(p.fields))) && isLines(p.lines)
    case 'parcel.scan_out':
      return (only(k, 'tracking') || (pair(k, 'qty', 'tracking') && isNonNeg(p.qty))) && isStr(p.tracking)
    case 'delivery.confirm':
      return (
        k.length === 0 || only(k, 'proof') || ((only(k, 'tracking') || pair(k, 'proof', 'tracking')) && isStr(p.tracking))
      )
    case 'stock.grant':
      return pair(k, 'device', 'qty') && isStr(p.device) && isPos(p.qty)
    case 'stock.adjust':
      return (only(k, 'delta') || (pair(k, 'delta', 'reason') && isStr(p.reason))) && isNonZero(p.delta)
    case 'order.set_address':
      return only(k, 'address')
    case 'order.hold':
    case 'order.release':
    case 'order.cancel':
      return k.length === 0 || (only(k, 'reason') && isStr(p.reason))
    case 'label.void':
      return (only(k, 'tracking') || (pair(k, 'reason', 'tracking') && isStr(p.reason))) && isStr(p.tracking)
    case 'sync.release':
      return k.length === 0
    case 'pick.sign':
      return (only(k, 'wave') || (pair(k, 'document', 'wave') && isStr(p.document))) && isStr(p.wave)
    case 'pick.shortage':
      return k.length >= 2 && k.length <= 3 && isStr(p.sku) && isNonNeg(p.qty) && (k.length === 2 || isStr(p.note))
    case 'stock.count':
      return (only(k, 'qty') || (pair(k, 'qty', 'session') && isStr(p.session))) && isNonNeg(p.qty)
    case 'stock.count_accept':
      return only(k, 'count') && isStr(p.count)
    case 'qc.inspect':
      return inspectScreen(k, p)
    case 'stock.receive':
      return (
        (pair(k, 'qty', 'receipt') || (k.length === 3 && k.includes('qty') && k.includes('receipt') && isStr(p.supplier))) &&
        isPos(p.qty) &&
        isStr(p.receipt)
      )
    case 'exception.assign':
      return only(k, 'to') && isStr(p.to)
    case 'exception.note':
      return only(k, 'text') && isStr(p.text)
    case 'exception.notify_cs':
      return k.length === 0 || (only(k, 'text') && isStr(p.text))
    case 'exception.resolve':
      return (only(k, 'outcome') || (pair(k, 'outcome', 'text') && isStr(p.text))) && isOutcome(p.outcome)
  }
  // v3 shipping kinds are rare next to scans and picks: their screen is the precise check
  if (SHIP_KINDS.has(kind)) return payloadProblem(kind, p) === null
  return false
}

export const EVENT_KINDS: ReadonlySet<string> = new Set(['pick.line_picked', 'parcel.scan_out', 'delivery.confirm', 'pick.sign', 'pick.shortage'])
export const SHIP_KINDS: ReadonlySet<string> = new Set([
  'crate.handoff', 'crate.sign', 'crate.return', 'crate.wait', 'freight.handoff', 'batch.ship', 'batch.missed', 'pickup.confirm',
])
export const HOLD_BLOCKED: ReadonlySet<string> = new Set(['label.print', 'parcel.scan_out', 'delivery.confirm'])

type Problem = readonly [InvalidReason, string]

/** Why the op is wrong for its kind, or null; the replica's hot path (nothing thrown). */
export function problem(op: Op): Problem | null {
  const schema = KINDS.get(op.kind)
  if (schema === undefined) return ['unknown_kind', op.kind]
  if (op.etype !== schema.etype) return ['wrong_etype', `${op.kind} needs etype ${schema.etype}`]
  return screen(op.kind, op.payload) ? null : payloadProblem(op.kind, op.payload)
}

/** The precise check of a payload against its kind's schema (what `screen` abbreviates). */
export function payloadProblem(kind: string, p: ValueMap): Problem | null {
  const schema = KINDS.get(kind)!
  const { reqKeys, reqChecks } = schema
  const nreq = reqKeys.length
  for (let i = 0; i < nreq; i++) {
    const k = reqKeys[i]!
    if (!hasOwn.call(p, k) || !reqChecks[i]!(p[k])) return ['bad_payload', `${kind}: bad or missing ${k}`]
  }
  const keys = Object.keys(p)
  if (keys.length === nreq) return null
  const { required, optional } = schema
  for (const k of keys) {
    if (hasOwn.call(required, k)) continue
    const check = hasOwn.call(optional, k) ? optional[k] : undefined
    if (check === undefined || !check(p[k])) return ['bad_payload', `${kind}: unexpected or bad ${k}`]
  }
  return null
}

/** Throw InvalidOpError(reason) if the op is wrong for its kind. */
export function validate(op: Op): void {
  const found = problem(op)
  if (found !== null) throw new InvalidOpError(found[0], found[1])
}
