import { describe, expect, it } from 'vitest'
import { viewOf } from '../view/replica'
import type { Op } from '../sync'
import type { NewOp } from '../outbox/store'
import type { SkuRef } from '../print/docs'
import { pickUnit, planOf, shortageOps, signedBy, signOps, stockId, waveOfList } from './plan'
import { localSignatures, mergeHandoffs } from './handoff'

const NOW = 1_765_000_000_000
const W = 'SH01-20261207-080000-W'
let seq = 0
const op = (kind: string, eid: string, payload: Op['payload'], o: Partial<Op> = {}): Op => ({
  device: 'srv', seq: ++seq, wall: NOW - 100_000 + seq, ctr: 0, actor: 'system', kind, etype: 'order', eid, payload, ...o,
})
/** An op the picker's phone recorded (what recordOp makes of a NewOp). */
const mine = (n: NewOp, actor = 'K001', device = 'PDA-1'): Op => op(n.kind, n.eid, n.payload, { etype: n.etype, actor, device })

const refs = new Map<string, SkuRef>([
  ['A', { barcode: 'A', name: '甲', spec: '', spot_checked: true, location: 'B-01', walk_order: 20 }],
  ['B', { barcode: 'B', name: '乙', spec: '', spot_checked: false, location: 'A-01', walk_order: 10 }],
  ['C', { barcode: 'C', name: '丙', spec: '', spot_checked: true, location: 'A-02', walk_order: 11 }],
])

function base(): Op[] {
  seq = 0
  const at = (i: number) => `2026-12-07T0${i}:00:00+08:00`
  return [
    op('order.create', 'O1', { lines: { A: 2, B: 1 }, fields: { wave: W, received_at: at(1) } }),
    op('order.create', 'O2', { lines: { A: 1, C: 1 }, fields: { wave: W, received_at: at(2) } }),
    op('order.create', 'O3', { lines: { A: 5 }, fields: { wave: 'OTHER', received_at: at(3) } }),
    op('order.create', 'O4', { lines: { A: 1 }, fields: { wave: W, received_at: at(4) } }),
    op('order.hold', 'O4', {}), // held: off the wave's lists
  ]
}

describe('planOf', () => {
  it("lists the wave's SKUs, spot-checked first, each part by walk order; held orders left off", () => {
    const v = viewOf(base(), NOW)
    const p = planOf(v.snapshot, W, refs)
    expect(p.lines.map((l) => [l.sku, l.need, l.picked])).toEqual([['C', 1, 0], ['A', 3, 0], ['B', 1, 0]])
    expect(p.orders.map((o) => o.eid)).toEqual(['O1', 'O2'])
    expect(p.units).toBe(5)
  })
})

describe('pickUnit', () => {
  it('one scan = one unit to the first order in slot order that still needs it', () => {
    const ops = base()
    const v = viewOf(ops, NOW)
    const r = pickUnit(planOf(v.snapshot, W, refs), v.snapshot, 'A', false, 'PDA-1', 'SH01')
    expect(r).toMatchObject({ kind: 'ok', eid: 'O1', escrow: 'untracked' })
    if (r.kind !== 'ok') throw new Error()
    expect(r.ops).toEqual([{ kind: 'pick.line_picked', etype: 'order', eid: 'O1', payload: { sku: 'A', qty: 1 } }])
  })

  it('the quantity check: after 3 of 3, a fourth A is "already scanned"', () => {
    const ops = base()
    for (let i = 0; i < 3; i++) {
      const v = viewOf(ops, NOW)
      const r = pickUnit(planOf(v.snapshot, W, refs), v.snapshot, 'A', false, 'PDA-1', 'SH01')
      if (r.kind !== 'ok') throw new Error(r.kind)
      ops.push(...r.ops.map((n) => mine(n)))
    }
    const v = viewOf(ops, NOW)
    expect(v.snapshot.orders.O1!.picked).toEqual({ A: 2 })
    expect(v.snapshot.orders.O2!.picked).toEqual({ A: 1 })
    expect(pickUnit(planOf(v.snapshot, W, refs), v.snapshot, 'A', false, 'PDA-1', 'SH01').kind).toBe('done')
    expect(v.exceptions).toEqual([]) // no over-pick reached the fold
  })

  it('an unmarked SKU asks to be opened and verified; confirmed, the pick carries verified', () => {
    const ops = base()
    let v = viewOf(ops, NOW)
    expect(pickUnit(planOf(v.snapshot, W, refs), v.snapshot, 'B', false, 'PDA-1', 'SH01').kind).toBe('verify')
    const r = pickUnit(planOf(v.snapshot, W, refs), v.snapshot, 'B', true, 'PDA-1', 'SH01')
    if (r.kind !== 'ok') throw new Error(r.kind)
    expect(r.ops[0]!.payload).toEqual({ sku: 'B', qty: 1, verified: true })
    ops.push(...r.ops.map((n) => mine(n)))
    v = viewOf(ops, NOW)
    expect(v.snapshot.orders.O1!.verified).toEqual(['B'])
    expect(planOf(v.snapshot, W, refs).bySku.get('B')).toMatchObject({ verified: true, picked: 1 })
  })

  it('a SKU not on the wave is wrong', () => {
    const v = viewOf(base(), NOW)
    expect(pickUnit(planOf(v.snapshot, W, refs), v.snapshot, 'ZZZ', true, 'PDA-1', 'SH01').kind).toBe('wrong')
  })

  it('stock tracked on devices: the pick spends through the escrow; two phones, one last unit', () => {
    const ops = base()
    const sid = stockId('SH01', 'C')
    ops.push(op('stock.adjust', sid, { delta: 1 }, { etype: 'stock' }), op('stock.grant', sid, { device: 'PDA-1', qty: 1 }, { etype: 'stock' }))
    const v = viewOf(ops, NOW)
    const plan = planOf(v.snapshot, W, refs)
    const a = pickUnit(plan, v.snapshot, 'C', false, 'PDA-1', 'SH01')
    const b = pickUnit(plan, v.snapshot, 'C', false, 'PDA-2', 'SH01') // offline, the same moment
    expect(a).toMatchObject({ kind: 'ok', escrow: 'ok' })
    expect(b).toMatchObject({ kind: 'ok', escrow: 'exceeded' }) // said on the phone at once
    if (a.kind !== 'ok' || b.kind !== 'ok') throw new Error()
    expect(a.ops[1]).toEqual({ kind: 'stock.spend', etype: 'stock', eid: sid, payload: { qty: 1, order: 'O2' } })
    const merged = viewOf([...ops, ...a.ops.map((n) => mine(n)), ...b.ops.map((n) => mine(n, 'K002', 'PDA-2'))], NOW)
    expect(merged.exceptions.map((e) => e.kind).sort()).toEqual(['escrow_exceeded', 'quantity_mismatch'])
  })
})

describe('shortage', () => {
  it('a notice falls on the orders in slot order; the basket and the plan show it', () => {
    const ops = base()
    let v = viewOf(ops, NOW)
    const plan = planOf(v.snapshot, W, refs)
    const notes = shortageOps(plan, 'A', 2, '空位')
    expect(notes).toEqual([{ kind: 'pick.shortage', etype: 'order', eid: 'O1', payload: { sku: 'A', qty: 2, note: '空位' } }])
    ops.push(...notes.map((n) => mine(n)))
    v = viewOf(ops, NOW)
    expect(v.snapshot.orders.O1!.shortage).toEqual({ A: 2 })
    expect(planOf(v.snapshot, W, refs).bySku.get('A')).toMatchObject({ need: 1, short: 2 })
    // what is short cannot be picked: the one unit left goes to O2
    const r = pickUnit(planOf(v.snapshot, W, refs), v.snapshot, 'A', false, 'PDA-1', 'SH01')
    expect(r).toMatchObject({ kind: 'ok', eid: 'O2' })
  })
})

describe('signing for a wave', () => {
  it('the list barcode names the wave; signing writes one op per order, once per picker', () => {
    const ops = base()
    let v = viewOf(ops, NOW)
    expect(waveOfList(`pk-${W.toLowerCase()}`, [W, 'OTHER'])).toBe(W)
    expect(waveOfList(`SO-${W}`, [W])).toBe(W)
    expect(waveOfList('6901234567890', [W])).toBeNull()
    expect(signedBy(v, v.snapshot, W, 'K001')).toBe(false)
    const sign = signOps(v, v.snapshot, W, 'K001', `PK-${W}`)
    expect(sign.map((s) => s.eid)).toEqual(['O1', 'O2'])
    ops.push(...sign.map((n) => mine(n)))
    v = viewOf(ops, NOW)
    expect(signedBy(v, v.snapshot, W, 'K001')).toBe(true)
    expect(signOps(v, v.snapshot, W, 'K001', `PK-${W}`)).toEqual([])
    expect(signedBy(v, v.snapshot, W, 'K002')).toBe(false)
    // the handoff sheet's row, from the local ops, merged with the server's list
    const local = localSignatures(v, v.snapshot, W, 'P001')
    expect(local).toEqual([expect.objectContaining({ received_by: 'K001', order_count: 2, handed_by: 'P001', document: `PK-${W}` })])
    const online = { ...local[0]!, received_by: 'K002', signed_at: '2020-01-01T00:00:00.000Z' }
    expect(mergeHandoffs([online], local).map((h) => h.received_by)).toEqual(['K002', 'K001'])
    expect(mergeHandoffs(local, local)).toHaveLength(1)
  })
})
