// Unit tests of the TypeScript twin beyond the shared vectors: exact MessagePack bytes at
// every int/str/array/map size boundary (expected bytes produced by Python's msgspec),
// decoder edge cases, the replica's incremental paths, and the merge-type laws.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  Clock,
  compareCodePoints,
  DecodeError,
  decodeJson,
  decodeMsgpack,
  encodeJsonText,
  encodeMsgpack,
  Escrow,
  EventSet,
  LABEL_STATUS,
  LWWMap,
  materialise,
  mergeRegister,
  msgpackValue,
  opId,
  ORDER_STATUS,
  OrderFold,
  PROTOCOL_VERSION,
  Replica,
  validate,
  InvalidOpError,
  KINDS,
  type Op,
  type Value,
} from './index'
import { payloadProblem, screen } from './kinds'
import { rng, shuffle } from '../../test/seeded'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const T = 1_700_000_000_000

function op(device: string, seq: number, dt: number, kind: string, eid: string, payload: Op['payload'] = {}): Op {
  const etype = kind.startsWith('stock.') ? 'stock' : kind.startsWith('sync.') ? 'sync' : 'order'
  return { device, seq, wall: T + dt, ctr: 0, actor: `u-${device}`, kind, etype, eid, payload }
}

describe('canonical MessagePack', () => {
  it('encodes ints exactly as msgspec', () => {
    const fromMsgspec: Record<string, string> = {
      '0': '00', '127': '7f', '128': 'cc80', '255': 'ccff', '256': 'cd0100', '65535': 'cdffff',
      '65536': 'ce00010000', '4294967295': 'ceffffffff', '4294967296': 'cf0000000100000000',
      '9007199254740991': 'cf001fffffffffffff', '-1': 'ff', '-32': 'e0', '-33': 'd0df', '-128': 'd080',
      '-129': 'd1ff7f', '-32768': 'd18000', '-32769': 'd2ffff7fff', '-2147483648': 'd280000000',
      '-2147483649': 'd3ffffffff7fffffff', '-9007199254740991': 'd3ffe0000000000001',
    }
    for (const [v, want] of Object.entries(fromMsgspec)) expect(hex(msgpackValue(Number(v))), v).toBe(want)
  })

  it('uses str8/str16, array16 and map16 where msgspec does', () => {
    const s: Record<string, unknown> = { ['a'.repeat(31)]: 'b'.repeat(32), c: 'x'.repeat(255), d: 'y'.repeat(256) }
    s.e = Array.from({ length: 16 }, (_, i) => i)
    s.f = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [String(i), i]))
    const bytes = msgpackValue(s)
    expect(bytes.length).toBe(667)
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      'e26ba0fb8d9ca6425b59a9f0f9baefd2d14dbdee760185724aa39c2e29668089',
    )
  })

  it('decodes non-shortest forms and duplicate keys (last wins), rejects trailing bytes', () => {
    const o = op('A', 1, 0, 'order.hold', 'O-1')
    const canonical = encodeMsgpack(o)
    // seq 1 written as uint64, then a duplicate "seq": 2 appended (10-entry map)
    const wide = Buffer.concat([Buffer.from([0x8a]), Buffer.from(canonical.subarray(1)), Buffer.from('a373657102', 'hex')])
    expect(decodeMsgpack(new Uint8Array(wide)).seq).toBe(2)
    expect(() => decodeMsgpack(new Uint8Array([...canonical, 0xc0]))).toThrow(DecodeError)
    expect(() => decodeMsgpack(canonical.subarray(0, 20))).toThrow(DecodeError)
  })

  it('rejects ext, unsafe uint64 and non-string keys', () => {
    const prefix = hex(encodeMsgpack(op('A', 1, 0, 'order.hold', 'O-1'))).slice(0, -2) // drop the empty map
    for (const tail of ['81a17ad40100', '81a17acf0020000000000000', '8101c0']) {
      expect(() => decodeMsgpack(new Uint8Array(Buffer.from(prefix + tail, 'hex'))), tail).toThrow(DecodeError)
    }
  })
})

describe('canonical JSON', () => {
  it('sorts keys by code point and keeps "__proto__" an ordinary key', () => {
    const o = decodeJson('{"device":"A","seq":1,"wall":1,"ctr":0,"actor":"u","kind":"order.set_field","etype":"order","eid":"O","payload":{"value":{"__proto__":1,"\\ud83d\\ude00":2,"\\uffff":3},"field":"x"}}')
    expect(encodeJsonText(o)).toBe(
      '{"device":"A","seq":1,"wall":1,"ctr":0,"actor":"u","kind":"order.set_field","etype":"order","eid":"O","payload":{"field":"x","value":{"__proto__":1,"\uffff":3,"😀":2}}}',
    )
    expect(hex(encodeMsgpack(decodeMsgpack(encodeMsgpack(o))))).toBe(hex(encodeMsgpack(o)))
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0)
  })

  it('normalises -0 and rejects floats hiding in exponent form, unsafe ints and bad UTF-8', () => {
    const base = '{"device":"A","seq":1,"wall":1,"ctr":0,"actor":"u","kind":"order.set_field","etype":"order","eid":"O","payload":{"field":"x","value":%}}'
    expect(encodeJsonText(decodeJson(base.replace('%', '-0')))).toContain('"value":0}')
    for (const bad of ['1E2', '-1e-2', '2.5', '12345678901234567890', '"\\udc00"']) {
      expect(() => decodeJson(base.replace('%', bad)), bad).toThrow(DecodeError)
    }
    expect(() => decodeJson(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(DecodeError)
    expect(decodeJson(base.replace('%', '"1.5e3 in a string"')).payload.value).toBe('1.5e3 in a string')
  })
})

describe('replica', () => {
  it('counts ids, finds ops by id, including a sparse seq', () => {
    const r = new Replica()
    const big = op('A', 2 ** 40, 5, 'order.hold', 'O-1')
    r.apply([op('A', 1, 0, 'order.create', 'O-1', { lines: { S: 1 } }), big, big])
    expect(r.size).toBe(2)
    expect(r.op(`A:${2 ** 40}`)).toBe(big)
    expect(r.op('B:1')).toBeUndefined()
  })

  it('keeps a far-ahead seq findable after the dense store grows past it', () => {
    const r = new Replica()
    const far = op('A', 3000, 1, 'order.hold', 'O-1')
    r.applyOne(far)
    for (let seq = 1; seq <= 4000; seq++) if (seq !== 3000) r.applyOne(op('A', seq, 2 + seq, 'order.release', 'O-1'))
    r.applyOne(far) // the same object again: a duplicate
    r.applyOne({ ...far }) // an equal copy: a duplicate too
    expect(r.size).toBe(4000)
    expect(r.op('A:3000')).toBe(far)
    expect(r.exceptions()).toEqual([])
  })

  it('a moving horizon releases ops, including a release that is itself in the future', () => {
    const fut = op('F', 1, 400_000, 'parcel.scan_out', 'O-9', { tracking: 'SF9' })
    const rel = op('O', 1, 350_000, 'sync.release', opId(fut))
    const r = new Replica(T + 300_000)
    r.apply([rel, fut])
    expect(r.exceptions().map((e) => e.id)).toEqual(['clock_skew:F:1', 'clock_skew:O:1'])
    // both now in range; admitting the release admits F:1, which must not be admitted twice
    r.setHorizon(T + 500_000)
    expect(r.snapshot()).toEqual(materialise([rel, fut], { horizon: null }))
    expect(r.snapshot().orders['O-9']!.events).toEqual(['F:1'])
    r.setHorizon(T) // backwards: everything after T is quarantined again
    expect(r.snapshot()).toEqual(materialise([fut, rel], { horizon: T }))
  })

  it('gives the same snapshot for shuffled, duplicated, incrementally read input', () => {
    const ops = [
      op('CS', 1, 0, 'order.create', 'O-1', { lines: { A: 2 }, fields: { carrier: 'SF' } }),
      op('P', 1, 5, 'label.print', 'O-1', { tracking: 'SF1' }),
      op('A', 1, 10, 'parcel.scan_out', 'O-1', { tracking: 'SF1', qty: 2 }),
      op('B', 1, 11, 'parcel.scan_out', 'O-1', { tracking: 'SF1' }),
      op('CS', 2, 12, 'label.void', 'O-1', { tracking: 'SF1' }),
      op('SRV', 1, 0, 'stock.grant', 'A', { device: 'A', qty: 1 }),
      op('A', 2, 3, 'stock.spend', 'A', { qty: 2 }),
    ]
    const want = materialise(ops).exceptions.map((e) => e.id)
    expect(want).toEqual(['duplicate_scan:A:1|B:1', 'escrow_exceeded:A:2', 'voided_label_scan:CS:2|A:1'])
    const rand = rng(7)
    for (let i = 0; i < 30; i++) {
      const r = new Replica()
      for (const o of shuffle([...ops, ...ops.slice(0, i % ops.length)], rand)) {
        r.applyOne(o)
        if (rand() < 0.3) r.snapshot()
      }
      expect(r.snapshotJson()).toBe(materialiseJson(ops))
    }
  })
})

describe('kind screens', () => {
  const GOOD: Record<string, Op['payload']> = {
    'order.create': { lines: { S: 1 }, fields: { carrier: 'SF' } },
    'order.set_field': { field: 'note', value: null },
    'order.set_address': { address: { city: '上海' } },
    'order.hold': { reason: 'call' },
    'order.release': {},
    'order.cancel': {},
    'label.print': { tracking: 'T' },
    'label.void': { tracking: 'T', reason: 'r' },
    'pick.line_picked': { sku: 'S', qty: 2 },
    'status.advance': { to: 'packed' },
    'parcel.scan_out': { tracking: 'T', qty: 0 },
    'delivery.confirm': { proof: { photo: 'h' } },
    'stock.grant': { device: 'A', qty: 1 },
    'stock.spend': { qty: 1, order: 'O' },
    'stock.adjust': { delta: -1 },
    'sync.release': {},
    'pick.sign': { wave: '20261207080000', document: 'PK-20261207080000' },
    'pick.shortage': { sku: 'S', qty: 0, note: 'n' },
    'stock.count': { qty: 0, session: 'S' },
    'stock.count_accept': { count: 'C:1' },
    'stock.receive': { qty: 3, receipt: 'R-1', supplier: '供应商A' },
    'qc.inspect': { result: 'fail', draw: 'W:d', note: 'n', checks: [{ step: 'w' }] },
    'exception.assign': { to: 'E001' },
    'exception.note': { text: 'n' },
    'exception.notify_cs': {},
    'exception.resolve': { outcome: 'reprint', text: 't' },
    'crate.handoff': { packer: 'P1', due: 1 },
    'crate.sign': {},
    'crate.return': {},
    'crate.wait': { carrier: 'SF' },
    'freight.handoff': { driver: '王师傅' },
    'batch.ship': { batch: 'B1', carrier: 'SF', count: 2 },
    'batch.missed': { batch: 'B1', carrier: '' },
    'pickup.confirm': { batch: 'B1', carrier: 'SF', count: 2, method: 'qr' },
  }
  const values: Value[] = [null, true, 0, 1, -1, 1.5, '', 'x', 'packed', [], ['x'], {}, { S: 1 }, { S: 0 }, { '': 1 }, { Bad: 1 }]

  /** the payload with each key dropped, each value swapped, and an extra key */
  function variants(p: Op['payload']): Op['payload'][] {
    const out = [p, { ...p, extra: 1 }, { ...p, reason: 'r' }, { ...p, qty: 1 }]
    for (const k of Object.keys(p)) {
      out.push(Object.fromEntries(Object.entries(p).filter(([x]) => x !== k)))
      for (const v of values) out.push({ ...p, [k]: v })
    }
    for (const k of ['tracking', 'proof', 'fields', 'order', 'reason', 'qty']) for (const v of values) out.push({ ...p, [k]: v })
    return out
  }

  it('pass only what the precise check accepts, and the ordinary shapes', () => {
    expect(Object.keys(GOOD).sort()).toEqual([...KINDS.keys()].sort())
    for (const [kind, good] of Object.entries(GOOD)) {
      expect(screen(kind, good), kind).toBe(true)
      for (const p of variants(good)) if (screen(kind, p)) expect(payloadProblem(kind, p), `${kind} ${JSON.stringify(p)}`).toBeNull()
    }
  })
})

describe('order fold', () => {
  it('checks long orders (many lines and picks) like short ones, alone or in a replica', () => {
    // 20 SKUs ordered once each, each picked twice: every second pick is one too many
    const skus = Array.from({ length: 20 }, (_, i) => `S${String(i).padStart(2, '0')}`)
    const lines = Object.fromEntries(skus.map((s) => [s, 1]))
    const create = op('CS', 1, 0, 'order.create', 'O-1', { lines })
    const picks = skus.flatMap((sku, i) => [
      op('P', i + 1, 10 + 2 * i, 'pick.line_picked', 'O-1', { sku, qty: 1 }),
      op('Q', i + 1, 11 + 2 * i, 'pick.line_picked', 'O-1', { sku, qty: 1 }),
    ])
    const snap = materialise([...picks].reverse().concat(create))
    expect(snap.orders['O-1']!.picked).toEqual(Object.fromEntries(skus.map((s) => [s, 2])))
    const want = skus.map((_, i) => `quantity_mismatch:CS:1|Q:${i + 1}`).sort(compareCodePoints)
    expect(snap.exceptions.map((e) => e.id)).toEqual(want)
    expect(snap.exceptions[0]!.detail).toEqual({ sku: 'S00', expected: 1, actual: 2 })
    const fold = new OrderFold()
    for (const o of [create, ...picks]) fold.apply(o)
    expect(fold.snapshot()).toEqual(snap.orders['O-1'])
  })
})

function materialiseJson(ops: Op[]): string {
  const r = new Replica()
  r.apply(ops)
  return r.snapshotJson()
}

describe('merge types', () => {
  it('LWW merge is commutative, associative and idempotent', () => {
    const a = { value: 1, op: op('A', 1, 5, 'order.set_field', 'O') }
    const b = { value: 2, op: op('B', 1, 5, 'order.set_field', 'O') }
    const c = { value: 3, op: op('A', 2, 4, 'order.set_field', 'O') }
    expect(mergeRegister(a, b)).toBe(mergeRegister(b, a))
    expect(mergeRegister(mergeRegister(a, b), c)).toBe(mergeRegister(a, mergeRegister(b, c)))
    expect(mergeRegister(a, a)).toBe(a)
    const m = new LWWMap<number>()
    expect(m.set('f', 2, b.op)).toBe(true)
    expect(m.set('f', 1, a.op)).toBe(false) // same wall: device B > A
    expect(m.values()).toEqual({ f: 2 })
  })

  it('lattices only move forward; terminals absorb', () => {
    expect(ORDER_STATUS.join('shipped', 'printed')).toBe('shipped')
    expect(ORDER_STATUS.join('delivered', 'cancelled')).toBe('cancelled')
    expect(LABEL_STATUS.join('voided', 'printed')).toBe('voided')
    expect(ORDER_STATUS.isTerminal('cancelled')).toBe(true)
  })

  it('event sets union by id; escrow merges by sum', () => {
    const x = op('A', 1, 2, 'parcel.scan_out', 'O')
    const y = op('B', 1, 1, 'parcel.scan_out', 'O')
    const s1 = new EventSet()
    const s2 = new EventSet()
    s1.add(x)
    s2.add(y)
    s2.add(x)
    expect(s1.union(s2).idList()).toEqual(['B:1', 'A:1'])
    const e = new Escrow()
    e.grant('A', 2)
    expect(e.spend('A', 2)).toBe(true)
    expect(e.spend('A', 1)).toBe(false)
    expect(e.merge(new Escrow()).onHand).toBe(-3)
  })

  it('validate throws typed reasons', () => {
    expect(() => validate(op('A', 1, 0, 'status.advance', 'O', { to: ['shipped'] }))).toThrow(InvalidOpError)
    try {
      validate({ ...op('A', 1, 0, 'label.print', 'O', { tracking: 'x' }), etype: 'stock' })
    } catch (e) {
      expect((e as InvalidOpError).reason).toBe('wrong_etype')
    }
  })
})

describe('clock', () => {
  it('stays monotonic when the wall clock jumps back a day', () => {
    let now = T
    const c = new Clock('A', () => now)
    const a = c.now()
    now -= 86_400_000
    const b = c.now()
    expect(b.wall).toBe(a.wall)
    expect(b.ctr).toBe(1)
    expect(PROTOCOL_VERSION).toBe(3) // v3: picking ops (sign, shortage, verified picks), stock counts and inspections, the exception desk; v2: delivered terminal, release clocks, rules (sync-protocol.md §10)
  })
})
