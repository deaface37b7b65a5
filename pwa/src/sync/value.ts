// Canonical values (docs/sync-protocol.md §2) and the helpers every encoder shares.
// No framework imports: this directory is the protocol core, usable from a worker or Node.

export type Value = null | boolean | number | string | Value[] | { [k: string]: Value }
export type ValueMap = { [k: string]: Value }

export const MAX_SAFE = Number.MAX_SAFE_INTEGER

/** Compare strings by Unicode code point (= UTF-8 byte order), not UTF-16 code unit. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    // Surrogates (D800–DFFF) encode code points above U+FFFF, so they must sort after
    // E000–FFFF; shifting both ranges makes code-unit order equal code-point order.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    }
    return x - y
  }
  return a.length - b.length
}

const SURROGATE = /[\ud800-\udfff]/
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** False for strings that cannot be UTF-8 (a lone surrogate). */
export function wellFormed(s: string): boolean {
  return !SURROGATE.test(s) || !LONE.test(s)
}

/** Number of Unicode code points (what Python's len() and msgspec length limits count). */
export function codePoints(s: string): number {
  if (!SURROGATE.test(s)) return s.length
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0xdc00 || c > 0xdfff || i === 0 || !isHigh(s.charCodeAt(i - 1))) n++
  }
  return n
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff
}

export function isMap(v: unknown): v is ValueMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Keys in canonical (code point) order. */
export function sortedKeys(m: object): string[] {
  const keys = Object.keys(m)
  if (keys.length > 1) keys.sort(compareCodePoints)
  return keys
}

/** Own-property assignment that also works for the key "__proto__". */
export function put(obj: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true })
  else obj[k] = v
}

/**
 * An empty map-like object for data-chosen keys (SKUs, tracking numbers, entity ids).
 * Null-prototype objects start in V8's dictionary mode, so thousands of distinct keys do
 * not each grow a hidden-class transition (25x faster here), and "__proto__" is just a key.
 * They compare and serialise like plain objects; use `Object.hasOwn`, not `o.hasOwnProperty`.
 */
export function dict<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>
}

/** A dict() with the entries of a Map. */
export function fromMap<V>(m: Map<string, V>): Record<string, V> {
  const out = dict<V>()
  m.forEach((v, k) => {
    out[k] = v
  })
  return out
}

/** A dict() copy of an object's own entries (a spread defines own keys, "__proto__" too). */
export function copyMap<V>(o: Readonly<Record<string, V>>): Record<string, V> {
  return { __proto__: null, ...o } as unknown as Record<string, V>
}

/** Deep equality of canonical values (map key order ignored). */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!valueEquals(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  const ob = b as Record<string, unknown>
  const oa = a as Record<string, unknown>
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(ob, k) || !valueEquals(oa[k], ob[k])) return false
  return true
}
