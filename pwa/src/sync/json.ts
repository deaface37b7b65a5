// Canonical JSON (docs/sync-protocol.md §2): no whitespace, map keys by code point, the
// envelope in field order, strings escaped exactly as JSON.stringify (which is what
// msgspec writes too). Decoding rejects what JSON.parse would silently accept: floats
// (`1.0` parses to 1), unsafe ints and lone surrogates.
import { DecodeError } from './errors'
import { envelopeFrom, type Op } from './op'
import { sortedKeys, wellFormed, type Value } from './value'

const q = JSON.stringify

/** Canonical JSON text of any canonical value. */
export function jsonValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return q(v)
    case 'number':
      if (!Number.isSafeInteger(v)) throw new TypeError(`not a canonical int: ${v}`)
      return v === 0 ? '0' : String(v)
    case 'boolean':
      return v ? 'true' : 'false'
    case 'object': {
      if (v === null) return 'null'
      if (Array.isArray(v)) {
        let s = '['
        for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + jsonValue(v[i])
        return s + ']'
      }
      const m = v as Record<string, unknown>
      let s = '{'
      let first = true
      for (const k of sortedKeys(m)) {
        const x = m[k]
        if (x === undefined) continue // absent optional fields in built objects
        s += (first ? '' : ',') + q(k) + ':' + jsonValue(x)
        first = false
      }
      return s + '}'
    }
    default:
      throw new TypeError(`not a canonical value: ${typeof v}`)
  }
}

/** Canonical JSON text of an op (envelope in protocol order). */
export function encodeJsonText(op: Op): string {
  return (
    '{"device":' + q(op.device) +
    ',"seq":' + op.seq +
    ',"wall":' + op.wall +
    ',"ctr":' + op.ctr +
    ',"actor":' + q(op.actor) +
    ',"kind":' + q(op.kind) +
    ',"etype":' + q(op.etype) +
    ',"eid":' + q(op.eid) +
    ',"payload":' + jsonValue(op.payload) +
    '}'
  )
}

const utf8 = new TextEncoder()
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Canonical JSON bytes of an op (UTF-8). */
export function encodeJson(op: Op): Uint8Array {
  return utf8.encode(encodeJsonText(op))
}

/** True if a number token outside strings has a fraction or exponent (`1.0` parses to 1). */
function hasFloatToken(t: string): boolean {
  let run = 0 // length of the current digit run outside strings
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i)
    if (c === 34) {
      for (i++; i < t.length; i++) {
        const d = t.charCodeAt(i)
        if (d === 92) i++ // skip the escaped char
        else if (d === 34) break
      }
      run = 0
    } else if (c >= 48 && c <= 57) run++
    else {
      if (run > 0 && (c === 46 || c === 101 || c === 69)) return true
      run = 0
    }
  }
  return false
}

// Cheap screens over the raw text; only a hit pays for the precise look. A fraction or
// exponent needs a digit right before `.`/`e`/`E` (hex hashes and decimals inside strings
// hit too, then the scanner above decides). A lone surrogate is either escaped (`\u`) or
// raw (then the text is not well formed).
const FLOATISH = /\d[.eE]/
type WellFormed = (this: string) => boolean
const isWellFormed = (String.prototype as { isWellFormed?: WellFormed }).isWellFormed

function mayHaveLoneSurrogate(t: string): boolean {
  if (t.indexOf('\\u') >= 0) return true
  return isWellFormed !== undefined ? !isWellFormed.call(t) : !wellFormed(t)
}

/** Deep check after JSON.parse: safe ints only (and -0 → 0); strings too if asked. */
function checkTree(v: unknown, strings: boolean): Value {
  switch (typeof v) {
    case 'string':
      if (strings && !wellFormed(v)) throw new DecodeError('lone surrogate')
      return v
    case 'number':
      if (!Number.isSafeInteger(v)) throw new DecodeError('int outside the safe range')
      return v === 0 ? 0 : v
    case 'object': {
      if (v === null) return null
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) v[i] = checkTree(v[i], strings)
        return v as Value[]
      }
      const m = v as Record<string, unknown>
      for (const k of Object.keys(m)) {
        if (strings && !wellFormed(k)) throw new DecodeError('lone surrogate in key')
        const x = m[k]
        checkTree(x, strings)
        if (Object.is(x, -0)) m[k] = 0
      }
      return m as Value
    }
    default:
      return v as Value
  }
}

/** Decode one op from JSON text or UTF-8 bytes; throws DecodeError. */
export function decodeJson(data: string | Uint8Array): Op {
  let text: string
  if (typeof data === 'string') text = data
  else {
    try {
      text = strictUtf8.decode(data)
    } catch {
      throw new DecodeError('invalid UTF-8')
    }
    if (text.charCodeAt(0) === 0xfeff) throw new DecodeError('byte order mark')
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new DecodeError(`invalid JSON: ${(e as Error).message}`)
  }
  if (FLOATISH.test(text) && hasFloatToken(text)) throw new DecodeError('float in op')
  const op = envelopeFrom(raw) // checks the envelope's own ints and strings
  const strings = mayHaveLoneSurrogate(text)
  checkTree(op.payload, strings)
  if (strings && !(wellFormed(op.actor) && wellFormed(op.eid) && wellFormed(op.kind) && wellFormed(op.etype))) {
    throw new DecodeError('lone surrogate')
  }
  return op
}
