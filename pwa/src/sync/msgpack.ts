// Canonical MessagePack (docs/sync-protocol.md §2), hand-written so the bytes are exactly
// msgspec's: shortest int/str/array/map forms, ints ≥ 0 as uint*, < 0 as int*, envelope
// in field order, map keys by code point. The decoder accepts any valid MessagePack of
// canonical values (non-shortest forms too) and rejects floats, bin, ext, non-string keys,
// unsafe ints, invalid UTF-8 and trailing bytes.
import { DecodeError } from './errors'
import { envelopeFrom, type Op } from './op'
import { put, sortedKeys, type Value } from './value'

const utf8 = new TextEncoder()
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const TWO32 = 2 ** 32

class Writer {
  buf = new Uint8Array(256)
  view = new DataView(this.buf.buffer)
  n = 0

  need(k: number): void {
    if (this.n + k <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.n + k) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.n))
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  byte(b: number): void {
    this.need(1)
    this.buf[this.n++] = b
  }

  head(small: number, tag16: number, len: number, max4: number): void {
    // fixarray/fixmap (len < 16) or 16/32-bit length headers
    if (len < max4) this.byte(small | len)
    else if (len <= 0xffff) {
      this.need(3)
      this.buf[this.n] = tag16
      this.view.setUint16(this.n + 1, len)
      this.n += 3
    } else {
      this.need(5)
      this.buf[this.n] = tag16 + 1
      this.view.setUint32(this.n + 1, len)
      this.n += 5
    }
  }

  int(v: number): void {
    if (!Number.isSafeInteger(v)) throw new TypeError(`not a canonical int: ${v}`)
    this.need(9)
    const b = this.buf
    const d = this.view
    const i = this.n
    if (v >= 0) {
      if (v < 128) { b[i] = v; this.n += 1 }
      else if (v < 256) { b[i] = 0xcc; b[i + 1] = v; this.n += 2 }
      else if (v < 65536) { b[i] = 0xcd; d.setUint16(i + 1, v); this.n += 3 }
      else if (v < TWO32) { b[i] = 0xce; d.setUint32(i + 1, v); this.n += 5 }
      else { b[i] = 0xcf; d.setUint32(i + 1, Math.floor(v / TWO32)); d.setUint32(i + 5, v >>> 0); this.n += 9 }
    } else if (v >= -32) { b[i] = v & 0xff; this.n += 1 }
    else if (v >= -128) { b[i] = 0xd0; d.setInt8(i + 1, v); this.n += 2 }
    else if (v >= -32768) { b[i] = 0xd1; d.setInt16(i + 1, v); this.n += 3 }
    else if (v >= -2147483648) { b[i] = 0xd2; d.setInt32(i + 1, v); this.n += 5 }
    else {
      const hi = Math.floor(v / TWO32) // two's complement split of a negative safe int
      b[i] = 0xd3; d.setInt32(i + 1, hi); d.setUint32(i + 5, v - hi * TWO32); this.n += 9
    }
  }

  str(s: string): void {
    const len = s.length
    let ascii = true
    for (let j = 0; j < len; j++) if (s.charCodeAt(j) > 0x7f) { ascii = false; break }
    if (ascii) {
      this.strHead(len)
      this.need(len)
      for (let j = 0; j < len; j++) this.buf[this.n + j] = s.charCodeAt(j)
      this.n += len
      return
    }
    const bytes = utf8.encode(s)
    this.strHead(bytes.length)
    this.need(bytes.length)
    this.buf.set(bytes, this.n)
    this.n += bytes.length
  }

  strHead(len: number): void {
    if (len < 32) this.byte(0xa0 | len)
    else if (len < 256) { this.need(2); this.buf[this.n] = 0xd9; this.buf[this.n + 1] = len; this.n += 2 }
    else this.head(0, 0xda, len, 0)
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'string': return this.str(v)
      case 'number': return this.int(v)
      case 'boolean': return this.byte(v ? 0xc3 : 0xc2)
      case 'object': {
        if (v === null) return this.byte(0xc0)
        if (Array.isArray(v)) {
          this.head(0x90, 0xdc, v.length, 16)
          for (const x of v) this.value(x)
          return
        }
        const m = v as Record<string, unknown>
        const keys = sortedKeys(m).filter((k) => m[k] !== undefined)
        this.head(0x80, 0xde, keys.length, 16)
        for (const k of keys) { this.str(k); this.value(m[k]) }
        return
      }
      default:
        throw new TypeError(`not a canonical value: ${typeof v}`)
    }
  }
}

/** Canonical MessagePack bytes of an op. */
export function encodeMsgpack(op: Op): Uint8Array {
  const w = new Writer()
  w.byte(0x89)
  w.str('device'); w.str(op.device)
  w.str('seq'); w.int(op.seq)
  w.str('wall'); w.int(op.wall)
  w.str('ctr'); w.int(op.ctr)
  w.str('actor'); w.str(op.actor)
  w.str('kind'); w.str(op.kind)
  w.str('etype'); w.str(op.etype)
  w.str('eid'); w.str(op.eid)
  w.str('payload'); w.value(op.payload)
  return w.buf.slice(0, w.n)
}

/** Canonical MessagePack bytes of any canonical value (snapshots, transport frames). */
export function msgpackValue(v: unknown): Uint8Array {
  const w = new Writer()
  w.value(v)
  return w.buf.slice(0, w.n)
}

class Reader {
  i = 0
  readonly view: DataView
  constructor(readonly b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  }

  take(k: number): number {
    const at = this.i
    if (at + k > this.b.length) throw new DecodeError('truncated MessagePack')
    this.i = at + k
    return at
  }

  str(len: number): string {
    const at = this.take(len)
    const b = this.b
    let s = ''
    if (len <= 32) {
      for (let j = at; j < at + len; j++) {
        const c = b[j]!
        if (c > 0x7f) return this.utf8(at, len)
        s += String.fromCharCode(c)
      }
      return s
    }
    return this.utf8(at, len)
  }

  utf8(at: number, len: number): string {
    try {
      return strictUtf8.decode(this.b.subarray(at, at + len))
    } catch {
      throw new DecodeError('invalid UTF-8 in MessagePack string')
    }
  }

  u8(): number { return this.b[this.take(1)]! }
  u16(): number { return this.view.getUint16(this.take(2)) }
  u32(): number { return this.view.getUint32(this.take(4)) }

  safe(v: number): number {
    if (!Number.isSafeInteger(v)) throw new DecodeError('int outside the safe range')
    return v
  }

  value(): Value {
    const t = this.u8()
    if (t < 0x80) return t
    if (t >= 0xe0) return t - 0x100
    if (t < 0x90) return this.map(t & 0x0f)
    if (t < 0xa0) return this.array(t & 0x0f)
    if (t < 0xc0) return this.str(t & 0x1f)
    const v = this.view
    switch (t) {
      case 0xc0: return null
      case 0xc2: return false
      case 0xc3: return true
      case 0xcc: return this.u8()
      case 0xcd: return this.u16()
      case 0xce: return this.u32()
      case 0xcf: { const hi = this.u32(); return this.safe(hi * TWO32 + this.u32()) }
      case 0xd0: return v.getInt8(this.take(1))
      case 0xd1: return v.getInt16(this.take(2))
      case 0xd2: return v.getInt32(this.take(4))
      case 0xd3: {
        const hi = v.getInt32(this.take(4))
        const lo = this.u32()
        if (hi < -(2 ** 21) || hi >= 2 ** 21) throw new DecodeError('int outside the safe range')
        return this.safe(hi * TWO32 + lo)
      }
      case 0xd9: return this.str(this.u8())
      case 0xda: return this.str(this.u16())
      case 0xdb: return this.str(this.u32())
      case 0xdc: return this.array(this.u16())
      case 0xdd: return this.array(this.u32())
      case 0xde: return this.map(this.u16())
      case 0xdf: return this.map(this.u32())
      case 0xca: case 0xcb: throw new DecodeError('float in op')
      case 0xc4: case 0xc5: case 0xc6: throw new DecodeError('bin in op')
      default: throw new DecodeError(`unsupported MessagePack type 0x${t.toString(16)}`)
    }
  }

  array(n: number): Value[] {
    if (n > this.b.length - this.i) throw new DecodeError('truncated MessagePack')
    const out: Value[] = new Array<Value>(n)
    for (let j = 0; j < n; j++) out[j] = this.value()
    return out
  }

  map(n: number): { [k: string]: Value } {
    if (n * 2 > this.b.length - this.i) throw new DecodeError('truncated MessagePack')
    const out: { [k: string]: Value } = {}
    for (let j = 0; j < n; j++) {
      const k = this.value()
      if (typeof k !== 'string') throw new DecodeError('map key is not a string')
      put(out, k, this.value())
    }
    return out
  }
}

/** Decode one op from MessagePack bytes; throws DecodeError. */
export function decodeMsgpack(data: Uint8Array): Op {
  const r = new Reader(data)
  const m = r.value()
  if (r.i !== data.length) throw new DecodeError('trailing bytes after MessagePack op')
  return envelopeFrom(m)
}
