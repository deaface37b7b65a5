import { openDB } from 'idb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DB_NAME } from './db'
import { freshIndexedDbPerTest } from '../test/idb'
import { allOps, createOp, storeBootstrap, storeRemote } from './outbox/store'
import type { Op } from './sync'
import { invalidateLocal, LocalReplica, localReplica, readLocal, viewOf } from './state'
import { horizonFor, jsonValue, materialise, Replica, type ExceptionRecord } from './sync'
import { rng, shuffle } from '../test/seeded'

// The PWA folds its op set with the core's Replica once, then applies only what is new:
// ops recorded here, pulled from the server, or written by another tab. A (re-)bootstrap,
// which replaces the server's part of the op set, is the one thing folded from scratch.

const NOW = 1_700_000_100_000
const srv = (seq: number, kind: string, eid: string, payload: Op['payload'], wall = NOW - 100_000 + seq): Op => ({
  device: 'srv-1', seq, wall, ctr: 0, actor: 'system', kind, etype: 'order', eid, payload,
})
const order = (seq: number, eid: string, tracking: string): Op[] => [
  srv(seq, 'order.create', eid, { lines: { A: 1 }, fields: { platform_order_no: eid } }),
  srv(seq + 1, 'label.print', eid, { tracking }),
]
const scanOf = (device: string, seq: number, eid: string, tracking: string, wall: number): Op => ({
  device, seq, wall, ctr: 0, actor: 'K001', kind: 'parcel.scan_out', etype: 'order', eid, payload: { tracking },
})
const scan = (tracking: string, eid: string) => ({ kind: 'parcel.scan_out', etype: 'order', eid, payload: { tracking } })

/** The reference: everything folded from scratch, as `materialise` does (canonical JSON). */
const fromScratch = async (now = Date.now()) => jsonValue(materialise(await allOps(), { horizon: horizonFor(now) }))

freshIndexedDbPerTest()
beforeEach(() => {
  invalidateLocal()
})
afterEach(() => {
  vi.restoreAllMocks()
})

describe('LocalReplica', () => {
  it('applying ops one at a time, in any order, with repeats, gives the fold from scratch', () => {
    const ops = [
      ...order(1, 'O-1', 'SF1'), ...order(3, 'O-2', 'SF2'), ...order(5, 'O-3', 'SF3'),
      scanOf('PDA-1', 1, 'O-1', 'SF1', NOW - 50_000),
      scanOf('PDA-2', 1, 'O-1', 'SF1', NOW - 60_000), // the same parcel twice: duplicate_scan
      scanOf('PDA-1', 2, 'O-2', 'SF2', NOW - 40_000),
    ]
    const want = jsonValue(materialise(ops, { horizon: horizonFor(NOW) }))
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let round = 0; round < 25; round++) {
      const shuffled = [...ops, ...ops.slice(0, 3)].sort(() => rnd() - 0.5)
      const r = new LocalReplica(() => NOW)
      for (const op of shuffled) {
        r.feed([op])
        r.view(NOW) // reading in between must not disturb later application
      }
      expect(jsonValue(r.view(NOW).snapshot)).toBe(want)
      expect(r.rebuilds).toBe(0)
      expect(r.size).toBe(ops.length)
    }
  })

  it('keeps ops stamped too far ahead in quarantine until the clock catches up', () => {
    let now = NOW
    const r = new LocalReplica(() => now)
    const ahead = scanOf('PDA-9', 1, 'O-1', 'SF1', NOW + 10 * 60_000) // 10 min in the future
    r.feed([...order(1, 'O-1', 'SF1'), ahead])
    expect(r.view().snapshot.exceptions.map((e) => e.kind)).toContain('clock_skew')
    expect(r.view().snapshot.orders['O-1']!.status).not.toBe('shipped')
    now += 20 * 60_000
    expect(r.view().snapshot.orders['O-1']!.status).toBe('shipped')
    expect(r.view().snapshot.exceptions.map((e) => e.kind)).not.toContain('clock_skew')
  })

  it('viewOf (the from-scratch helper) still indexes labels and ops', () => {
    const ops = [...order(1, 'O-1', 'SF1'), scanOf('PDA-1', 1, 'O-1', 'SF1', NOW - 1)]
    const v = viewOf(ops, NOW)
    expect(v.labels.get('SF1')).toBe('O-1')
    expect(v.ops.get('PDA-1:1')?.kind).toBe('parcel.scan_out')
    expect(v.snapshot.orders['O-1']!.status).toBe('shipped')
  })
})

describe('readLocal: incremental over IndexedDB', () => {
  it('folds from scratch once, then applies only new local and pulled ops', async () => {
    await storeRemote([...order(1, 'O-1', 'SF1'), ...order(3, 'O-2', 'SF2')], 4, 'PDA-1')
    const applied = vi.spyOn(Replica.prototype, 'applyOne')

    const first = await readLocal()
    expect(localReplica().rebuilds).toBe(1)
    expect(applied).toHaveBeenCalledTimes(4)
    expect(Object.keys(first.view.snapshot.orders).sort()).toEqual(['O-1', 'O-2'])

    // A scan on this device: one op applied, no re-fold.
    await createOp('PDA-1', 'K001', scan('SF1', 'O-1'))
    const second = await readLocal()
    expect(applied).toHaveBeenCalledTimes(5)
    expect(localReplica().rebuilds).toBe(1)
    expect(second.view.snapshot.orders['O-1']!.status).toBe('shipped')
    expect(second.pending.map((r) => r.id)).toEqual(['PDA-1:1'])

    // A pull brings another device's scan and a new order: three ops applied, no re-fold.
    await storeRemote([scanOf('PDA-2', 1, 'O-2', 'SF2', Date.now() - 1_000), ...order(5, 'O-3', 'SF3')], 8, 'PDA-1')
    const third = await readLocal()
    expect(applied).toHaveBeenCalledTimes(8)
    expect(localReplica().rebuilds).toBe(1)
    expect(third.view.snapshot.orders['O-2']!.status).toBe('shipped')
    expect(third.view.labels.get('SF3')).toBe('O-3')

    // Nothing new: nothing applied.
    await readLocal()
    expect(applied).toHaveBeenCalledTimes(8)

    // Always the same state as a fold from scratch.
    expect(jsonValue(third.view.snapshot)).toBe(await fromScratch())
  })

  it('sees ops another tab wrote (they share IndexedDB), incrementally', async () => {
    await storeRemote(order(1, 'O-1', 'SF1'), 2, 'PDA-1')
    await readLocal()
    // "Another tab" is just another writer of the same database.
    await createOp('PDA-1', 'K001', scan('SF1', 'O-1'))
    await createOp('PDA-1', 'K001', scan('SF1', 'O-1'))
    const applied = vi.spyOn(Replica.prototype, 'applyOne')
    const d = await readLocal()
    expect(applied).toHaveBeenCalledTimes(2)
    expect(d.view.snapshot.exceptions.map((e) => e.kind)).toContain('duplicate_scan')
    expect(localReplica().rebuilds).toBe(1)
  })

  it('folds from scratch after a re-bootstrap, keeping the local ops', async () => {
    await storeRemote([...order(1, 'O-1', 'SF1'), ...order(3, 'O-2', 'SF2')], 4, 'PDA-1')
    await createOp('PDA-1', 'K001', scan('SF1', 'O-1'))
    await readLocal()
    expect(localReplica().rebuilds).toBe(1)
    // The server compacted O-2 away: the snapshot no longer has it.
    await storeBootstrap(order(1, 'O-1', 'SF1'), 10, [], 'PDA-1')
    const d = await readLocal()
    expect(localReplica().rebuilds).toBe(2)
    expect(Object.keys(d.view.snapshot.orders)).toEqual(['O-1'])
    expect(d.view.snapshot.orders['O-1']!.status).toBe('shipped') // the local scan stayed
    expect(jsonValue(d.view.snapshot)).toBe(await fromScratch())
    // …and is incremental again afterwards.
    await storeRemote(order(20, 'O-9', 'SF9'), 11, 'PDA-1')
    await readLocal()
    expect(localReplica().rebuilds).toBe(2)
  })

  it('concurrent reads apply each op once', async () => {
    await storeRemote(order(1, 'O-1', 'SF1'), 2, 'PDA-1')
    await readLocal()
    const applied = vi.spyOn(Replica.prototype, 'applyOne')
    const writes = [createOp('PDA-1', 'K001', scan('SF1', 'O-1')), createOp('PDA-1', 'K001', scan('SFX', 'O-1'))]
    const reads = [readLocal(), readLocal(), readLocal()]
    await Promise.all(writes)
    await Promise.all(reads)
    const last = await readLocal()
    expect(applied).toHaveBeenCalledTimes(2)
    expect(last.view.ops.size).toBe(4)
  })

  it('upgrades a version-2 database: old ops (without arrival numbers) are read in full once', async () => {
    // What an installed app left behind before this version: the op set without `n`.
    const old = await openDB(DB_NAME, 2, {
      upgrade(d) {
        d.createObjectStore('cache')
        d.createObjectStore('meta')
        d.createObjectStore('outbox', { keyPath: ['device', 'seq'] })
        d.createObjectStore('ops', { keyPath: 'id' }).createIndex('bySrc', 'src')
        d.createObjectStore('rejected', { keyPath: 'id' })
      },
    })
    for (const op of order(1, 'O-1', 'SF1')) await old.put('ops', { id: `${op.device}:${op.seq}`, op, src: 'remote' })
    old.close()

    const first = await readLocal()
    expect(first.view.labels.get('SF1')).toBe('O-1')
    const applied = vi.spyOn(Replica.prototype, 'applyOne')
    await createOp('PDA-1', 'K001', scan('SF1', 'O-1'))
    const next = await readLocal()
    expect(applied).toHaveBeenCalledTimes(1)
    expect(next.view.snapshot.orders['O-1']!.status).toBe('shipped')
  })
})

describe('the local view, op by op', () => {
  const kinds = (eid: string, r: () => number, seq: number): Op => {
    const t = `T${eid}`
    const pick = Math.floor(r() * 9)
    const wall = NOW - 90_000 + Math.floor(r() * 80_000)
    const device = ['srv-1', 'PDA-1', 'PDA-2'][Math.floor(r() * 3)]!
    const base = { device, seq, wall, ctr: 0, actor: 'K001', etype: 'order', eid }
    switch (pick) {
      case 0: return { ...base, kind: 'order.create', payload: { lines: { A: 1 }, fields: { platform_order_no: eid, city: '西安市' } } }
      case 1: return { ...base, kind: 'label.print', payload: { tracking: t } }
      case 2: return { ...base, kind: 'label.void', payload: { tracking: t } }
      case 3: return { ...base, kind: 'label.print', payload: { tracking: t + 'R' } }
      case 4: return { ...base, kind: 'parcel.scan_out', payload: { tracking: t } }
      case 5: return { ...base, kind: 'order.hold', payload: { reason: 'x' } }
      case 6: return { ...base, kind: 'order.release', payload: {} }
      case 7: return { ...base, kind: 'order.set_address', payload: { address: { city: '苏州市', address_detail: `${seq}号` } } }
      default: return { ...base, kind: 'order.cancel', payload: { reason: 'x' } }
    }
  }
  /** Everything a screen can read, in canonical JSON (maps as sorted entries). */
  const seen = (v: ReturnType<LocalReplica['view']>) => jsonValue({
    snapshot: v.snapshot,
    entries: Object.fromEntries([...v.entries].map(([k, e]) => [k, { ...e, order: null }])),
    labels: Object.fromEntries(v.labels),
    byOp: Object.fromEntries([...v.byOp].map(([k, es]) => [k, es.map((e) => e.id)])),
    exceptions: v.exceptions.map((e) => e.id),
  } as never)

  it('after every batch it equals the view folded from scratch (random ops, random order)', { timeout: 30_000 }, () => {
    for (let run = 0; run < 6; run++) {
      const r = rng(100 + run)
      const seqs = new Map<string, number>()
      const ops: Op[] = []
      for (let i = 0; i < 100; i++) {
        const eid = `O-${Math.floor(r() * 12)}`
        const op = kinds(eid, r, 0)
        const seq = (seqs.get(op.device) ?? 0) + 1
        seqs.set(op.device, seq)
        ops.push({ ...op, seq })
      }
      const inc = new LocalReplica(() => NOW)
      const fed: Op[] = []
      for (const op of shuffle(ops, r)) {
        fed.push(op)
        inc.feed([op])
        if (r() < 0.4) continue // sometimes several ops per read
        expect(seen(inc.view(NOW))).toBe(seen(viewOf(fed, NOW)))
      }
      expect(seen(inc.view(NOW))).toBe(seen(viewOf(ops, NOW)))
      expect(jsonValue(inc.view(NOW).snapshot)).toBe(jsonValue(materialise(ops, { horizon: horizonFor(NOW) })))
    }
  })

  it('one new op re-reads one order, not the other thousand', () => {
    const ops = Array.from({ length: 1000 }, (_, i) => order(2 * i + 1, `O-${i}`, `SF${i}`)).flat()
    const r = new LocalReplica(() => NOW)
    r.feed(ops)
    r.view(NOW)
    const read = vi.spyOn(Replica.prototype, 'orderView')
    r.feed([scanOf('PDA-1', 1, 'O-500', 'SF500', NOW - 1)])
    const v = r.view(NOW)
    expect(read.mock.calls).toEqual([['O-500']])
    expect(v.snapshot.orders['O-500']!.status).toBe('shipped')
    expect(v.entries.get('O-500')!.order.status).toBe('shipped')
  })

  it('a change shows in every derived field of the entry (address, live label, flagged note)', () => {
    const r = new LocalReplica(() => NOW)
    r.feed([srv(1, 'order.create', 'O-1', { lines: { A: 1 }, fields: { platform_order_no: 'TM1', province: '陕西省', city: '西安市', district: '雁塔区', address_detail: '科技路 1 号', recipient_name: '王芳' } }), srv(2, 'label.print', 'O-1', { tracking: 'SF1' })])
    expect(r.view(NOW).entries.get('O-1')).toMatchObject({ no: 'TM1', fullAddress: '陕西省西安市雁塔区科技路 1 号', liveLabel: 'SF1', flag: null })
    r.feed([
      srv(3, 'order.set_address', 'O-1', { address: { province: '江苏省', city: '苏州市', district: '工业园区', address_detail: '星湖街 328 号', recipient_name: '王芳', recipient_phone: '13800000000' } }),
      srv(4, 'order.set_field', 'O-1', { field: 'flag_note', value: '客服 C001 改了地址' }),
      srv(5, 'label.void', 'O-1', { tracking: 'SF1' }),
      srv(6, 'label.print', 'O-1', { tracking: 'SF2' }),
    ])
    const v = r.view(NOW)
    expect(v.entries.get('O-1')).toMatchObject({ fullAddress: '江苏省苏州市工业园区星湖街 328 号', liveLabel: 'SF2', flag: { note: '客服 C001 改了地址' } })
    expect(v.labels.get('SF1')).toBe('O-1') // the voided label still names its order
    expect(v.labels.get('SF2')).toBe('O-1')
  })
})

describe('one exception queue: derived, plus what the bootstrap stored', () => {
  const rec = (id: string, ops: string[]): ExceptionRecord => ({
    id, kind: 'duplicate_scan', etype: 'order', eid: 'O-1',
    facts: ops.map((op) => ({ op, kind: 'parcel.scan_out', device: op.split(':')[0]!, actor: 'K001', wall: NOW - 1 })),
    detail: { tracking: 'SF1' },
  })

  it('shows a stored record over ops compacted away, and lets the replica decide when it has every op', async () => {
    const compacted = rec('duplicate_scan:GONE:1|GONE:2', ['GONE:1', 'GONE:2'])
    const stale = rec('duplicate_scan:srv-1:1|srv-1:2', ['srv-1:1', 'srv-1:2']) // both ops here, nothing derived
    await storeBootstrap(order(1, 'O-1', 'SF1'), 10, [compacted, stale], 'PDA-1')
    const d = await readLocal()
    expect(d.view.exceptions.map((e) => e.id)).toEqual([compacted.id])
    expect(d.view.byOp.get('GONE:1')?.map((e) => e.id)).toEqual([compacted.id])
    // Derived and stored under the same id: listed once.
    await createOp('PDA-1', 'K001', scan('SF1', 'O-1'))
    await createOp('PDA-1', 'K001', scan('SF1', 'O-1'))
    const again = await readLocal()
    const dup = again.view.exceptions.filter((e) => e.kind === 'duplicate_scan')
    expect(dup.map((e) => e.id)).toEqual([compacted.id, 'duplicate_scan:PDA-1:1|PDA-1:2'])
  })
})

