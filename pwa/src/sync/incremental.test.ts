import { describe, expect, it } from 'vitest'
import { jsonValue } from './json'
import type { Op } from './op'
import { Replica } from './replica'

// The incremental read API (takeTouched, orderView, entityExceptions, otherExceptions): a
// reader that re-reads only touched entities sees exactly what snapshot() shows.
const op = (device: string, seq: number, wall: number, kind: string, eid: string, payload: Op['payload'], etype = 'order'): Op =>
  ({ device, seq, wall, ctr: 0, actor: 'K001', kind, etype, eid, payload })
const create = (seq: number, eid: string) => op('srv', seq, seq, 'order.create', eid, { lines: { A: 1 } })

describe('Replica incremental reads', () => {
  it('reports every entity at first, then only those new ops touched', () => {
    const r = new Replica(null)
    r.apply([create(1, 'O-1'), create(2, 'O-2'), op('srv', 3, 3, 'stock.adjust', 'A', { delta: 5 }, 'stock')])
    expect(r.takeTouched().all).toBe(true) // a new replica: read everything
    r.applyOne(op('P', 1, 10, 'label.print', 'O-2', { tracking: 'T2' }))
    r.applyOne(op('P', 1, 10, 'label.print', 'O-2', { tracking: 'T2' })) // a duplicate touches nothing new
    const t = r.takeTouched()
    expect(t).toEqual({ all: false, orders: new Set(['O-2']), stock: new Set(), desk: new Set() })
    expect(r.takeTouched()).toEqual({ all: false, orders: new Set(), stock: new Set(), desk: new Set() })
    expect(r.orderView('O-2')!.status).toBe('printed')
    expect(r.orderView('nope')).toBeUndefined()
  })

  it('per-entity reads equal the snapshot, exceptions included', () => {
    const r = new Replica(100)
    r.apply([
      create(1, 'O-1'), op('srv', 2, 2, 'label.print', 'O-1', { tracking: 'T1' }),
      op('A', 1, 5, 'parcel.scan_out', 'O-1', { tracking: 'T1' }), op('B', 1, 6, 'parcel.scan_out', 'O-1', { tracking: 'T1' }),
      op('C', 1, 500, 'parcel.scan_out', 'O-1', { tracking: 'T1' }), // ahead of the horizon: quarantined
      op('D', 1, 7, 'no.such_kind', 'O-1', {}), // invalid
    ])
    const snap = r.snapshot()
    expect(jsonValue(r.orderView('O-1') as never)).toBe(jsonValue(snap.orders['O-1'] as never))
    const ids = [...r.entityExceptions('order', 'O-1'), ...r.otherExceptions()].map((e) => e.id).sort()
    expect(ids).toEqual(snap.exceptions.map((e) => e.id).sort())
    expect(r.otherExceptions().map((e) => e.kind).sort()).toEqual(['clock_skew', 'invalid_op'])
  })

  it('a release, a horizon moved forward and an id collision touch what they change', () => {
    const r = new Replica(100)
    r.apply([create(1, 'O-1'), create(2, 'O-2'), op('C', 1, 500, 'label.print', 'O-1', { tracking: 'T' })])
    r.takeTouched()
    r.setHorizon(1000) // releases C:1 into O-1
    expect(r.takeTouched()).toEqual({ all: false, orders: new Set(['O-1']), stock: new Set(), desk: new Set() })
    // Same id, other content: the variant that sorts first is kept. Kept as it was: only
    // the id_collision record is new (otherExceptions); replaced: everything is re-routed.
    r.applyOne({ ...create(2, 'O-2'), payload: { lines: { B: 9 } } })
    expect(r.takeTouched().all).toBe(false)
    expect(r.otherExceptions().map((e) => e.kind)).toEqual(['id_collision'])
    r.applyOne({ ...create(2, 'O-2'), payload: { lines: { '0': 9 } } })
    expect(r.takeTouched().all).toBe(true)
  })
})
