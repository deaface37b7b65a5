import { describe, expect, it } from 'vitest'
import { freshIndexedDbPerTest } from '../../test/idb'
import { enterScope, heldPartition } from './scope'
import { allOps, createOp, getCursor, pendingOps, storeBootstrap } from './store'
import type { Op } from '../sync'

freshIndexedDbPerTest()

const create = (seq: number, eid: string, phone: string): Op => ({
  device: 'srv', seq, wall: 1_000 + seq, ctr: 0, actor: 'C001', kind: 'order.create', etype: 'order', eid,
  payload: { lines: { SKU1: 1 }, fields: { recipient_name: '王芳', recipient_phone: phone } },
})
const WAREHOUSE = [create(1, 'O-1', '13812345678'), create(2, 'O-2', '13900001111')]
const phones = async () => (await allOps()).filter((o) => o.kind === 'order.create')
  .map((o) => (o.payload.fields as Record<string, string>).recipient_phone).sort()

// Every order of switching on one handheld: each user ends up with exactly their scope.
describe('enterScope: the data follows whoever signs in', () => {
  it('manager → courier: pulled data is dropped, the courier\'s own outbox stays, the route bootstraps', async () => {
    await storeBootstrap(WAREHOUSE, 10, [], 'PDA', 0, 'warehouse')
    await createOp('PDA', 'D001', { kind: 'delivery.confirm', etype: 'order', eid: 'O-9', payload: {} })
    expect(await enterScope(['courier'], 'D001')).toBe('dropped')
    expect((await allOps()).map((o) => o.kind)).toEqual(['delivery.confirm'])
    expect((await pendingOps('PDA')).length).toBe(1)
    expect(await getCursor()).toBeUndefined()
    expect(await heldPartition()).toBe('route:D001')
  })

  it('courier → manager: nothing to hide; the held route partition makes the next pull bootstrap', async () => {
    await storeBootstrap([WAREHOUSE[0]!], 10, [], 'PDA', 0, 'route:D001')
    expect(await enterScope(['manager'], 'M001')).toBe('stale')
    expect(await heldPartition()).toBe('route:D001')
    expect(await getCursor()).toBe(10)
  })

  it('manager → picker: phones are masked in place, exactly as the server sends the masked partition', async () => {
    await storeBootstrap(WAREHOUSE, 10, [], 'PDA', 0, 'warehouse')
    expect(await enterScope(['picker'], 'K001')).toBe('masked')
    expect(await phones()).toEqual(['138****5678', '139****1111'])
    expect(await heldPartition()).toBe('warehouse:masked')
    expect(await enterScope(['packer'], 'K003')).toBe('same')
  })

  it('picker → courier → cs: dropped for the courier, then stale for cs (bootstrap online)', async () => {
    await storeBootstrap(WAREHOUSE, 10, [], 'PDA', 0, 'warehouse:masked')
    expect(await enterScope(['courier'], 'D002')).toBe('dropped')
    expect(await phones()).toEqual([])
    expect(await enterScope(['cs'], 'C001')).toBe('stale')
    expect(await enterScope(['courier'], 'D002')).toBe('same')
    expect(await enterScope(['courier'], 'D001')).toBe('dropped')
  })

  it('a device bootstrapped before partitions were recorded is masked for a picker and re-bootstrapped', async () => {
    await storeBootstrap(WAREHOUSE, 10, [], 'PDA', 0)
    expect(await enterScope(['picker'], 'K001')).toBe('masked')
    expect(await phones()).toEqual(['138****5678', '139****1111'])
    expect(await heldPartition()).toBeUndefined()
  })
})
