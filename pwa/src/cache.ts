import { closeDb, db, DB_NAME } from './db'

// The SW deliberately skips /api/; API responses live here so the app controls freshness.
export { DB_NAME }
export const STORE = 'cache'

export interface CacheEntry<T = unknown> {
  value: T
  /** epoch ms when the value was fetched from the network */
  updatedAt: number
}

export async function getCached<T>(key: string): Promise<CacheEntry<T> | undefined> {
  try {
    return (await (await db()).get(STORE, key)) as CacheEntry<T> | undefined
  } catch {
    // A broken or blocked IndexedDB must not take the app down; act as a cold cache.
    return undefined
  }
}

export async function putCached<T>(key: string, value: T, now = Date.now()): Promise<CacheEntry<T>> {
  const entry: CacheEntry<T> = { value, updatedAt: now }
  try {
    await (await db()).put(STORE, entry, key)
  } catch {
    /* still return the fresh value; it just won't survive a reload */
  }
  return entry
}

export async function deleteCached(key: string): Promise<void> {
  await (await db()).delete(STORE, key)
}

/** For tests: drop the shared connection so a fresh fake IndexedDB can be used. */
export const closeCache = closeDb
