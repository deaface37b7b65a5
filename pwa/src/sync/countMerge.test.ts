// Seeded property checks of the count merge in the TypeScript twin (the Hypothesis ones
// are tests/sync/test_count_merge.py): a shelf with receipts, picks on three devices,
// unrecorded losses and true counts; delivered in any order, the fold is the same, each
// count differs from its book by exactly the losses so far, and accepting the last count
// makes the books equal the shelf.
import { describe, expect, it } from 'vitest'
import { rng, shuffle } from '../../test/seeded'
import type { Op } from './op'
import { countDifferences } from './quality'
import { materialise, Replica } from './replica'

const EID = 'W1:SKU-A@A-01'
const T0 = 1_700_000_000_000

function day(seed: number) {
  const rand = rng(seed)
  const ops: Op[] = []
  const seqs = new Map<string, number>()
  let t = 0
  const op = (device: string, kind: string, payload: Record<string, unknown>): Op => {
    t += 1 + (t % 3)
    const seq = (seqs.get(device) ?? 0) + 1
    seqs.set(device, seq)
    const o = { device, seq, wall: T0 + t, ctr: 0, actor: `u-${device}`, kind, etype: 'stock', eid: EID, payload } as Op
    ops.push(o)
    return o
  }
  op('SRV', 'stock.adjust', { delta: 1000, reason: 'opening' })
  for (const d of ['P1', 'P2', 'P3']) op('SRV', 'stock.grant', { device: d, qty: 10_000 })
  let truth = 1000
  let lost = 0
  const losses: number[] = []
  const counts: string[] = []
  const steps = Math.floor(rand() * 40)
  for (let i = 0; i < steps; i++) {
    const r = rand()
    if (r < 0.25) {
      const n = 1 + Math.floor(rand() * 20)
      op('SRV', 'stock.adjust', { delta: n })
      truth += n
    } else if (r < 0.6) {
      const n = 1 + Math.floor(rand() * 5)
      op(`P${1 + Math.floor(rand() * 3)}`, 'stock.spend', { qty: n })
      truth -= n
    } else if (r < 0.75) {
      const n = 1 + Math.floor(rand() * 3)
      lost += n
      truth -= n
    } else {
      const c = op('C', 'stock.count', { qty: truth })
      counts.push(`${c.device}:${c.seq}`)
      losses.push(lost)
    }
  }
  return { ops, op, truth: () => truth, counts, losses, rand }
}

describe('stock counts merge with picking (seeded properties)', () => {
  it('fold alike in any delivery order, with duplicates and reads between arrivals', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const d = day(seed)
      if (d.counts.length) d.op('M', 'stock.count_accept', { count: d.counts[0]! })
      const want = materialise(d.ops)
      const replica = new Replica(null)
      const stream = shuffle([...d.ops, ...d.ops.filter(() => d.rand() < 0.3)], d.rand)
      stream.forEach((o, i) => {
        replica.applyOne(o)
        if (i % 4 === 0) replica.snapshot()
      })
      expect(replica.snapshot(), `seed ${seed}`).toEqual(want)
    }
  })

  it('count a difference of exactly the losses so far (a late pick never twice)', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const d = day(seed)
      const counts = materialise(shuffle(d.ops, d.rand)).stock[EID]?.counts ?? []
      expect(counts.map((c) => c.id)).toEqual(d.counts)
      counts.forEach((c, i) => expect(c.diff + d.losses[i]!, `seed ${seed}`).toBe(0))
    }
  })

  it('accepting the last count makes the books equal the shelf (帐实相符)', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const d = day(seed)
      const c = d.op('C', 'stock.count', { qty: d.truth() })
      d.op('P1', 'stock.spend', { qty: 1 }) // a pick after the count applies on top
      d.op('M', 'stock.count_accept', { count: `${c.device}:${c.seq}` })
      const stock = materialise(shuffle(d.ops, d.rand)).stock
      expect(stock[EID]!.on_hand, `seed ${seed}`).toBe(d.truth() - 1)
      expect(countDifferences(stock)).toEqual([])
    }
  })
})
