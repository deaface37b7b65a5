// Op kinds, their entity type and payload schema (docs/sync-protocol.md §4) — mirrors
// sync/kinds.py. Schemas are strict so a newer client's extra data shows up as
// `invalid_op` on an older replica instead of being silently ignored.
import { InvalidOpError, type InvalidReason } from './errors'
import type { Op } from './op'
import { isMap } from './value'

export const ORDER_STATUSES = ['created', 'printed', 'picked', 'packed', 'shipped', 'delivered'] as const
const ADVANCE_TARGETS = new Set<unknown>(ORDER_STATUSES.slice(1))
const NAME = /^[a-z][a-z0-9_]{0,31}$/

type Check = (v: unknown) => boolean

const isStr: Check = (v) => typeof v === 'string' && v !== ''
const isPos: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1
const isNonNeg: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isNonZero: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v !== 0
const isAny: Check = () => true
const isName: Check = (v) => typeof v === 'string' && NAME.test(v)
const isAdvance: Check = (v) => typeof v === 'string' && ADVANCE_TARGETS.has(v)

function isLines(v: unknown): boolean {
  if (!isMap(v)) return false
  let n = 0
  for (const k of Object.keys(v)) {
    if (k === '' || !isPos(v[k])) return false
    n++
  }
  return n > 0
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
  ['pick.line_picked', s('order', { sku: isStr, qty: isPos })],
  ['status.advance', s('order', { to: isAdvance })],
  ['parcel.scan_out', s('order', { tracking: isStr }, { qty: isNonNeg })],
  ['delivery.confirm', s('order', {}, { tracking: isStr, proof: isAny })],
  ['stock.grant', s('stock', { device: isStr, qty: isPos })],
  ['stock.spend', s('stock', { qty: isPos }, { order: isStr })],
  ['stock.adjust', s('stock', { delta: isNonZero }, { reason: isStr })],
  ['sync.release', s('sync', {})],
])

export const EVENT_KINDS: ReadonlySet<string> = new Set(['pick.line_picked', 'parcel.scan_out', 'delivery.confirm'])
export const HOLD_BLOCKED: ReadonlySet<string> = new Set(['label.print', 'parcel.scan_out', 'delivery.confirm'])

const hasOwn = Object.prototype.hasOwnProperty

type Problem = readonly [InvalidReason, string]

/** Why the op is wrong for its kind, or null; the replica's hot path (nothing thrown). */
export function problem(op: Op): Problem | null {
  const schema = KINDS.get(op.kind)
  if (schema === undefined) return ['unknown_kind', op.kind]
  if (op.etype !== schema.etype) return ['wrong_etype', `${op.kind} needs etype ${schema.etype}`]
  const p = op.payload
  const { reqKeys, reqChecks } = schema
  const nreq = reqKeys.length
  for (let i = 0; i < nreq; i++) {
    const k = reqKeys[i]!
    if (!hasOwn.call(p, k) || !reqChecks[i]!(p[k])) return ['bad_payload', `${op.kind}: bad or missing ${k}`]
  }
  const keys = Object.keys(p)
  if (keys.length === nreq) return null
  const { required, optional } = schema
  for (const k of keys) {
    if (hasOwn.call(required, k)) continue
    const check = hasOwn.call(optional, k) ? optional[k] : undefined
    if (check === undefined || !check(p[k])) return ['bad_payload', `${op.kind}: unexpected or bad ${k}`]
  }
  return null
}

/** Throw InvalidOpError(reason) if the op is wrong for its kind. */
export function validate(op: Op): void {
  const found = problem(op)
  if (found !== null) throw new InvalidOpError(found[0], found[1])
}
