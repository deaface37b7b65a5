import { describe, expect, it } from 'vitest'
import { closeDb, db } from '../db'
import { freshIndexedDbPerTest } from '../../test/idb'
import {
  allOps, createOp, getCursor, markRejected, pendingCount, pendingOps, rejectedOps, settle, storeBootstrap, storeRemote,
} from './store'
import type { ExceptionRecord, Op } from '../sync'

const scan = (tracking: string, eid = 'O-1') => ({ kind: 'parcel.scan_out', etype: 'order', eid, payload: { tracking } })
const clock = (...times: number[]) => {
  let i = 0
  return () => times[Math.min(i++, times.length - 1)]!
}

freshIndexedDbPerTest()

describe('createOp', () => {
  it('writes the op to the outbox and to the local op set in one go, with seq and HLC', async () => {
    const a = await createOp('PDA-1', 'K001', scan('SF1'), () => 1_000)
    const b = await createOp('PDA-1', 'K001', scan('SF2'), () => 1_000)
    expect([a.seq, b.seq]).toEqual([1, 2])
    expect([a.wall, a.ctr, b.wall, b.ctr]).toEqual([1_000, 0, 1_000, 1])
    expect(Object.keys(a)).toEqual(['device', 'seq', 'wall', 'ctr', 'actor', 'kind', 'etype', 'eid', 'payload'])
    expect((await pendingOps('PDA-1')).map((r) => r.id)).toEqual(['PDA-1:1', 'PDA-1:2'])
    expect((await allOps()).map((o) => `${o.device}:${o.seq}`).sort()).toEqual(['PDA-1:1', 'PDA-1:2'])
  })

  it('never goes back in time when the wall clock jumps backwards', async () => {
    const now = clock(5_000, 5_000, 1_000, 1_000)
    const a = await createOp('D', 'K001', scan('A'), now)
    const b = await createOp('D', 'K001', scan('B'), now)
    expect(b.wall > a.wall || (b.wall === a.wall && b.ctr > a.ctr)).toBe(true)
    expect(b.wall).toBe(5_000)
  })

  it('is atomic: a failed transaction leaves no op, no outbox entry and no used seq', async () => {
    // Occupy outbox key [D, 1] behind the store's back: the next createOp's add() must fail.
    const d = await db()
    const squatter: Op = { device: 'D', seq: 1, wall: 1, ctr: 0, actor: 'x', kind: 'k', etype: 'order', eid: 'e', payload: {} }
    await d.add('outbox', { seq: 1, id: 'D:1', device: 'D', op: squatter, createdAt: 0 })
    await expect(createOp('D', 'K001', scan('SF1'))).rejects.toThrow()
    expect(await allOps()).toEqual([]) // not applied locally either
    expect(await d.get('meta', 'seq:D')).toBeUndefined() // seq not consumed
    expect(await pendingCount('D')).toBe(1) // only the squatter
  })

  it('refuses a payload the protocol cannot carry (a float) before storing anything', async () => {
    const measure = { kind: 'qc.inspect', etype: 'stock', eid: 'S-1', payload: { result: 'pass', value: 1.5 } }
    await expect(createOp('PDA-1', 'K001', measure)).rejects.toThrow(/bad_payload: qc.inspect: not a canonical int: 1.5/)
    expect(await pendingCount('PDA-1')).toBe(0)
    expect(await allOps()).toEqual([])
    const op = await createOp('PDA-1', 'K001', scan('T1'))
    expect(op.seq).toBe(1) // the refused op used no counter
  })

  it('survives a reload: a new connection still sees every pending op', async () => {
    await createOp('D', 'K001', scan('SF1'))
    await createOp('D', 'K001', scan('SF2'))
    await closeDb() // like closing the tab; the next db() opens a fresh connection
    expect((await pendingOps('D')).map((r) => r.op.payload.tracking)).toEqual(['SF1', 'SF2'])
    const next = await createOp('D', 'K001', scan('SF3'))
    expect(next.seq).toBe(3) // the counter survived too
  })

  it('keeps devices apart: a re-enrolled device never collides with the old outbox', async () => {
    await createOp('OLD', 'K001', scan('A'))
    await createOp('NEW', 'K001', scan('B'))
    expect(await pendingCount('OLD')).toBe(1)
    expect(await pendingCount('NEW')).toBe(1)
    expect(await pendingCount()).toBe(2)
  })
})

describe('settle', () => {
  it('drops accepted and duplicate ops from the outbox, keeps rejected ones for good, leaves unanswered', async () => {
    for (const t of ['A', 'B', 'C', 'D']) await createOp('D', 'K001', scan(t))
    const batch = await pendingOps('D')
    const n = await settle(batch, [
      { id: 'D:1', status: 'accepted' },
      { id: 'D:2', status: 'duplicate' },
      { id: 'D:3', status: 'rejected', reason: 'forbidden' },
    ], 42)
    expect(n).toBe(3)
    expect((await pendingOps('D')).map((r) => r.id)).toEqual(['D:4'])
    expect(await rejectedOps()).toEqual([{ id: 'D:3', op: batch[2]!.op, reason: 'forbidden', at: 42 }])
    // The op stays in the local set whatever the answer: nothing is ever dropped.
    expect((await allOps()).length).toBe(4)
  })

  it('markRejected moves one op out of the queue into the rejected store in one transaction', async () => {
    await createOp('D', 'K001', scan('A'))
    const [rec] = await pendingOps('D')
    await markRejected(rec!, 'http_400', 'bad op', 7)
    expect(await pendingCount('D')).toBe(0)
    expect((await rejectedOps())[0]).toMatchObject({ id: 'D:1', reason: 'http_400', detail: 'bad op', at: 7 })
  })
})

describe('remote ops', () => {
  const remote = (seq: number, wall: number): Op => ({
    device: 'srv', seq, wall, ctr: 0, actor: 'system', kind: 'label.print', etype: 'order', eid: `O-${seq}`, payload: { tracking: `T${seq}` },
  })

  it('stores pulled ops with the cursor and lifts the HLC past them', async () => {
    await storeRemote([remote(1, 9_000), remote(2, 9_500)], 12, 'D', 1_000)
    expect(await getCursor()).toBe(12)
    const op = await createOp('D', 'K001', scan('T1', 'O-1'), () => 1_000)
    expect(op.wall).toBe(9_500) // ordered after what this device saw
    expect(op.ctr).toBe(2) // receive(9000)→(9000,1), receive(9500)→(9500,1), now()→(9500,2)
  })

  it('does not let a far-future remote op drag the clock along', async () => {
    await storeRemote([remote(1, 10_000_000)], 1, 'D', 1_000)
    const op = await createOp('D', 'K001', scan('T1'), () => 1_000)
    expect(op.wall).toBe(1_000)
    expect((await allOps()).length).toBe(2) // still stored: the replica quarantines it
  })

  it('a bootstrap replaces the server op set but never the local outbox', async () => {
    await storeRemote([remote(1, 1), remote(2, 2)], 2, 'D', 1_000)
    await createOp('D', 'K001', scan('T1'))
    const exc: ExceptionRecord = { id: 'x', kind: 'duplicate_scan', etype: 'order', eid: 'O-1', facts: [], detail: {} }
    await storeBootstrap([remote(3, 3)], 30, [exc], 'D', 1_000)
    const ids = (await allOps()).map((o) => `${o.device}:${o.seq}`).sort()
    expect(ids).toEqual(['D:1', 'srv:3'])
    expect(await pendingCount('D')).toBe(1)
    expect(await getCursor()).toBe(30)
  })
})
