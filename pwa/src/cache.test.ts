import { describe, expect, it } from 'vitest'
import { openDB } from 'idb'
import { freshIndexedDbPerTest } from '../test/idb'
import { closeCache, DB_NAME, deleteCached, getCached, putCached, STORE } from './cache'

freshIndexedDbPerTest()

describe('idb cache', () => {
  it('misses on a cold cache', async () => {
    expect(await getCached('/api/demo/users')).toBeUndefined()
  })

  it('round-trips a value with its fetch time', async () => {
    const users = [{ employee_code: 'E1', name: '张三', roles: ['picker'], warehouse_code: 'SH1' }]
    await putCached('/api/demo/users', users, 1700000000000)
    expect(await getCached('/api/demo/users')).toEqual({ value: users, updatedAt: 1700000000000 })
  })

  it('overwrites older entries and deletes', async () => {
    await putCached('k', { v: 1 }, 1)
    await putCached('k', { v: 2 }, 2)
    expect(await getCached('k')).toEqual({ value: { v: 2 }, updatedAt: 2 })
    await deleteCached('k')
    expect(await getCached('k')).toBeUndefined()
  })

  it('uses database "packline" with object store "cache"', async () => {
    await putCached('/api/overview?warehouse=SH1', { ok: true }, 5)
    await closeCache()
    const db = await openDB(DB_NAME)
    expect(db.objectStoreNames.contains(STORE)).toBe(true)
    expect(await db.get(STORE, '/api/overview?warehouse=SH1')).toEqual({ value: { ok: true }, updatedAt: 5 })
    db.close()
  })

  it('survives a reopened connection (as after a reload)', async () => {
    await putCached('x', [1, 2, 3], 9)
    await closeCache()
    expect(await getCached('x')).toEqual({ value: [1, 2, 3], updatedAt: 9 })
  })
})
