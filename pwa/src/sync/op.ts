// The op envelope (docs/sync-protocol.md §1) — mirrors sync/op.py.
import { DecodeError, type Fact } from './errors'
import { codePoints, isMap, MAX_SAFE, type ValueMap } from './value'

/** One immutable intent. Property order here is the canonical envelope order. */
export interface Op {
  readonly device: string
  readonly seq: number
  readonly wall: number
  readonly ctr: number
  readonly actor: string
  readonly kind: string
  readonly etype: string
  readonly eid: string
  readonly payload: ValueMap
}

export const MAX_CTR = 2 ** 32 - 1
const DEVICE = /^[A-Za-z0-9_.-]{1,64}$/

/** `device:seq` — derived, never transmitted. */
export function opId(op: { readonly device: string; readonly seq: number }): string {
  return op.device + ':' + op.seq
}

/** Order-key comparison: (wall, ctr, device, seq). Devices are ASCII, so `<` is byte order. */
export function compareOps(a: Op, b: Op): number {
  if (a.wall !== b.wall) return a.wall - b.wall
  if (a.ctr !== b.ctr) return a.ctr - b.ctr
  if (a.device !== b.device) return a.device < b.device ? -1 : 1
  return a.seq - b.seq
}

export function fact(op: Op): Fact {
  return { op: opId(op), kind: op.kind, device: op.device, actor: op.actor, wall: op.wall }
}

function bad(what: string): never {
  throw new DecodeError(what)
}

function int(v: unknown, lo: number, hi: number, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) bad(`bad ${name}`)
  return v === 0 ? 0 : v // -0 → 0
}

function str(v: unknown, max: number, name: string): string {
  if (typeof v !== 'string' || v.length === 0) bad(`bad ${name}`)
  if (v.length > max && codePoints(v) > max) bad(`${name} too long`)
  return v
}

/**
 * An op from a decoded map, checking the envelope exactly as msgspec does for
 * sync.Op (forbid unknown fields, ranges, pattern). Payload values are checked by the
 * caller (the decoders know which checks their format still needs).
 */
export function envelopeFrom(m: unknown): Op {
  if (!isMap(m)) bad('top level is not a map')
  const o = m as Record<string, unknown>
  // Nine own keys and nine well-typed fields (undefined fails every check) is exactly the
  // envelope: nothing missing, nothing unknown.
  if (Object.keys(o).length !== 9) bad('missing or unknown envelope field')
  const device = o.device
  if (typeof device !== 'string') bad('bad device')
  const payload = o.payload
  if (!isMap(payload)) bad('payload is not a map')
  return {
    device: internDevice(device),
    seq: int(o.seq, 1, MAX_SAFE, 'seq'),
    wall: int(o.wall, 0, MAX_SAFE, 'wall'),
    ctr: int(o.ctr, 0, MAX_CTR, 'ctr'),
    actor: str(o.actor, 256, 'actor'),
    kind: intern(str(o.kind, 64, 'kind')),
    etype: intern(str(o.etype, 64, 'etype')),
    eid: str(o.eid, 256, 'eid'),
    payload,
  }
}

// Decoded strings are fresh heap strings; swapping the few recurring ones (kinds, entity
// types, device ids) for one shared copy makes every later Map lookup and `===` on them
// cheap (cached hash, pointer equality) and saves memory. Purely a speed-up: equal
// strings stay equal either way.
const KNOWN = new Map<string, string>()
for (const k of [
  'order', 'stock', 'sync', 'order.create', 'order.set_field', 'order.set_address', 'order.hold',
  'order.release', 'order.cancel', 'label.print', 'label.void', 'pick.line_picked', 'status.advance',
  'parcel.scan_out', 'delivery.confirm', 'stock.grant', 'stock.spend', 'stock.adjust', 'sync.release',
  'stock.count', 'stock.count_accept', 'qc.inspect', 'stock.receive',
  'exception', 'exception.assign', 'exception.note', 'exception.notify_cs', 'exception.resolve',
]) KNOWN.set(k, k)

function intern(s: string): string {
  return KNOWN.get(s) ?? s
}

const devices = new Map<string, string>()

/** The shared copy of a (validated) device id; the cache is bounded, devices are few. */
function internDevice(s: string): string {
  const known = devices.get(s)
  if (known !== undefined) return known
  if (!DEVICE.test(s)) bad('bad device')
  if (devices.size < 65536) devices.set(s, s)
  return s
}
