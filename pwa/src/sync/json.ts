// Canonical JSON (docs/sync-protocol.md §2): no whitespace, map keys by code point, the
// envelope in field order, strings escaped exactly as JSON.stringify (which is what
// msgspec writes too). Decoding rejects what JSON.parse would silently accept: floats
// (`1.0` parses to 1), unsafe ints and lone surrogates.
import { DecodeError } from './errors'
import { envelopeFrom, type Op } from './op'
import { isMap, sortedKeys, wellFormed, type Value } from './value'

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

/**
 * One pass over the JSON text, the part JSON.parse cannot do: throw on a float token (a
 * fraction or exponent outside strings: `1.0` would parse to the int 1), and say whether
 * the parsed tree needs a deep check — a digit run of 16+ (maybe beyond 2^53−1), a `-0`,
 * or a surrogate (escaped or raw) that may be lone. Canonical ops rarely need it.
 */
function scan(t: string): boolean {
  let deep = false
  let run = 0 // length of the current digit run outside strings
  const n = t.length
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i)
    if (c === 34) {
      // a string: skip to its closing quote, noting surrogates
      for (i++; i < n; i++) {
        const d = t.charCodeAt(i)
        if (d === 34) break
        if (d === 92) {
          i++
          if (t.charCodeAt(i) === 117 && (t.charCodeAt(i + 1) | 0x20) === 100 && t.charCodeAt(i + 2) >= 56) deep = true
        } else if (d >= 0xd800 && d <= 0xdfff) deep = true
      }
      run = 0
    } else if (c >= 48 && c <= 57) {
      if (++run >= 16) deep = true
      else if (c === 48 && run === 1 && t.charCodeAt(i - 1) === 45) deep = true // -0…
    } else {
      if (run > 0 && (c === 46 || c === 101 || c === 69)) throw new DecodeError('float in op')
      run = 0
    }
  }
  return deep
}

/** Deep check after JSON.parse: safe ints only (and -0 → 0), well-formed strings. */
function checkTree(v: unknown): Value {
  switch (typeof v) {
    case 'string':
      if (!wellFormed(v)) throw new DecodeError('lone surrogate')
      return v
    case 'number':
      if (!Number.isSafeInteger(v)) throw new DecodeError('int outside the safe range')
      return v === 0 ? 0 : v
    case 'object': {
      if (v === null) return null
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) v[i] = checkTree(v[i])
        return v as Value[]
      }
      const m = v as Record<string, unknown>
      for (const k of Object.keys(m)) {
        if (!wellFormed(k)) throw new DecodeError('lone surrogate in key')
        m[k] = checkTree(m[k])
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
  if (scan(text) && isMap(raw)) checkTree(raw)
  return envelopeFrom(raw)
}
