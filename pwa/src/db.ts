import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { Op } from './sync'

// One IndexedDB database for the whole app. Version 1 had only `cache`; version 2 adds
// the device enrolment, the outbox and the local op set; version 3 numbers the op set in
// arrival order (`n`, index `byN`) so every tab folds only the ops it has not seen yet.
// Never delete stores on upgrade: the outbox holds work that exists nowhere else.
export const DB_NAME = 'packline'
export const DB_VERSION = 3

/** An op this device created and the server has not acknowledged yet. */
export interface OutboxRecord {
  seq: number
  id: string
  device: string
  op: Op
  createdAt: number
  /** last retryable failure seen for this op's batch (informational) */
  lastError?: string
}

/** Every op the local Replica is built from: created here or pulled from the server. */
export interface OpRecord {
  id: string
  op: Op
  src: 'local' | 'remote'
  /** arrival number (meta `ops:n` counter): records are only ever added with a higher one.
   * Absent on records stored before version 3 (a full read covers those). */
  n?: number
}

/** An op the server refused for good: kept for the ledger, never retried, never dropped. */
export interface RejectedRecord {
  id: string
  op: Op
  reason: string
  detail?: string
  at: number
}

export interface PacklineDB extends DBSchema {
  cache: { key: string; value: { value: unknown; updatedAt: number } }
  meta: { key: string; value: unknown }
  outbox: { key: [string, number]; value: OutboxRecord }
  ops: { key: string; value: OpRecord; indexes: { bySrc: string; byN: number } }
  rejected: { key: string; value: RejectedRecord }
}

let dbPromise: Promise<IDBPDatabase<PacklineDB>> | null = null

export function db(): Promise<IDBPDatabase<PacklineDB>> {
  dbPromise ??= openDB<PacklineDB>(DB_NAME, DB_VERSION, {
    upgrade(d, _old, _new, tx) {
      const names = d.objectStoreNames
      if (!names.contains('cache')) d.createObjectStore('cache')
      if (!names.contains('meta')) d.createObjectStore('meta')
      // Keyed [device, seq]: seq order per device; a re-enrolled device (new id) never collides.
      if (!names.contains('outbox')) d.createObjectStore('outbox', { keyPath: ['device', 'seq'] })
      if (!names.contains('ops')) d.createObjectStore('ops', { keyPath: 'id' }).createIndex('bySrc', 'src')
      if (!names.contains('rejected')) d.createObjectStore('rejected', { keyPath: 'id' })
      const ops = tx.objectStore('ops')
      if (!ops.indexNames.contains('byN')) ops.createIndex('byN', 'n')
    },
    // Another tab upgraded the schema: let it, this tab reopens on next use.
    blocking() {
      void closeDb()
    },
  }).catch((e) => {
    dbPromise = null
    throw e
  })
  return dbPromise
}

/** Drop the shared connection (tests swap in a fresh fake IndexedDB; also on version change). */
export async function closeDb(): Promise<void> {
  const p = dbPromise
  dbPromise = null
  if (p) (await p.catch(() => null))?.close()
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('meta', key)) as T | undefined
}

export async function setMeta<T>(key: string, value: T): Promise<void> {
  await (await db()).put('meta', value, key)
}

export async function deleteMeta(key: string): Promise<void> {
  await (await db()).delete('meta', key)
}
