// The sync messages as they travel — twin of sync/wire.py, pinned by tests/vectors/wire.json.
// A push body is {"protocol": n, "ops": [...]}, pull and bootstrap take ?protocol=n, and every
// answer names the server's "protocol". `decodeMessage` checks a parsed JSON value the way the
// Python Structs do (unknown top-level fields, wrong types and bad ops are errors), so both
// languages accept and refuse the same messages.
import { DecodeError, type ExceptionKind, type ExceptionRecord, type Fact } from './errors'
import { decodeJson } from './json'
import type { Op } from './op'
import { isMap } from './value'

/** Ops in one push at the most (a larger outbox pushes in several batches). */
export const MAX_PUSH_OPS = 1000

export interface PushRequest {
  /** null or absent: a client older than the field (the server answers 426) */
  protocol: number | null
  ops: Op[]
}
export interface OpResult {
  id: string
  /** accepted | duplicate | rejected (an unknown status is never taken for "stored") */
  status: string
  reason?: string
}
export interface PushResponse {
  protocol: number
  results: OpResult[]
  cursor: number
}
export interface PullResponse {
  protocol: number
  ops: Op[]
  cursor: number
  more: boolean
}
export interface BootstrapResponse {
  protocol: number
  ops: Op[]
  cursor: number
  /** the open exceptions the server derived, including those over ops compacted away */
  exceptions: ExceptionRecord[]
}

export interface Messages {
  push_request: PushRequest
  push_response: PushResponse
  pull_response: PullResponse
  bootstrap_response: BootstrapResponse
}
export type MessageName = keyof Messages

type Check = (v: unknown, path: string) => unknown

const fail = (path: string, what: string): never => {
  throw new DecodeError(`${path}: ${what}`)
}
const int: Check = (v, p) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : fail(p, 'not an int'))
const str: Check = (v, p) => (typeof v === 'string' ? v : fail(p, 'not a string'))
const bool: Check = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'not a boolean'))
const nullable = (c: Check): Check => (v, p) => (v === null ? null : c(v, p))
const list = (c: Check, max = Infinity): Check => (v, p) => {
  if (!Array.isArray(v)) return fail(p, 'not an array')
  if (v.length > max) return fail(p, `more than ${max} items`)
  return v.map((x, i) => c(x, `${p}[${i}]`))
}
const op: Check = (v, p) => {
  if (!isMap(v)) return fail(p, 'not a map')
  try {
    return decodeJson(JSON.stringify(v))
  } catch (e) {
    return fail(p, e instanceof Error ? e.message : 'bad op')
  }
}

/** A map with these fields (`?`: optional); `strict`: unknown fields are an error. */
function struct(fields: Record<string, Check>, strict: boolean): Check {
  return (v, p) => {
    if (!isMap(v)) return fail(p, 'not a map')
    const out: Record<string, unknown> = {}
    for (const [name, check] of Object.entries(fields)) {
      const key = name.replace(/\?$/, '')
      if (!Object.prototype.hasOwnProperty.call(v, key)) {
        if (key === name) fail(`${p}.${key}`, 'missing')
        continue
      }
      out[key] = check(v[key], `${p}.${key}`)
    }
    if (strict) for (const k of Object.keys(v)) if (!(k in out) && !(`${k}?` in fields)) fail(`${p}.${k}`, 'unknown field')
    return out
  }
}

const fact = struct({ op: str, kind: str, device: str, actor: str, wall: int }, false)
const record = struct(
  { id: str, kind: str, etype: str, eid: str, facts: list(fact), detail: (v, p) => (isMap(v) ? v : fail(p, 'not a map')) },
  false,
)

const DECODERS: Record<MessageName, Check> = {
  // ops stay raw, as the server takes them: each is decoded alone, so one bad op is reported alone
  push_request: struct({ 'protocol?': nullable(int), ops: list((v) => v, MAX_PUSH_OPS) }, true),
  push_response: struct({ protocol: int, results: list(struct({ id: str, status: str, 'reason?': nullable(str) }, true)), cursor: int }, true),
  pull_response: struct({ ops: list(op), cursor: int, more: bool, protocol: int }, true),
  bootstrap_response: struct({ ops: list(op), cursor: int, exceptions: list(record), protocol: int }, true),
}

/** A parsed JSON message checked as `name`; throws DecodeError like the Python decoder. */
export function decodeMessage<N extends MessageName>(name: N, value: unknown): Messages[N] {
  const out = DECODERS[name](value, name) as Record<string, unknown>
  if (name === 'push_request' && !('protocol' in out)) out.protocol = null
  if (name === 'push_response') {
    for (const r of out.results as Record<string, unknown>[]) if (r.reason === null) delete r.reason
  }
  return out as unknown as Messages[N]
}

export type { ExceptionKind, Fact }
