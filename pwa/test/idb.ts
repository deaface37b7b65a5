import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { afterEach, beforeEach } from 'vitest'
import { closeDb } from '../src/db'

/**
 * Every test in the calling file gets an empty IndexedDB, and the app's connection to it
 * (db.ts, shared by the outbox and the cache) is closed after the test.
 */
export function freshIndexedDbPerTest(): void {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory()
  })
  afterEach(closeDb)
}
