import { useEffect, useState } from 'preact/hooks'
import type { OutboxRecord, RejectedRecord } from './db'
import { readSince } from './outbox/store'
import type { ExceptionRecord, OrderView, Snapshot } from './sync'
import { useDataVersion } from './syncclient/hooks'
import { dataVersion } from './syncclient/hub'
import type { LocalView } from './view/local'
import { LocalReplica } from './view/replica'

// This tab's local state: IndexedDB's op set read incrementally into one LocalReplica
// (view/replica.ts), shared by every mounted screen.
export { LocalReplica, viewOf } from './view/replica'
export type { Snapshot, LocalView }
export type { OrderEntry } from './view/order'
export type OrderSnapshot = OrderView
export type SyncExceptionRecord = ExceptionRecord

export interface LocalData {
  view: LocalView
  pending: OutboxRecord[]
  rejected: RejectedRecord[]
}

/** This tab's replica of IndexedDB's op set, and how far it has read it. */
let local: { replica: LocalReplica; head: number | undefined; epoch: number | undefined } = fresh()
function fresh() {
  return { replica: new LocalReplica(), head: undefined, epoch: undefined }
}
// Reads apply deltas to one replica, so they run one after another (an idle one starts at
// once, in the caller's turn, like a plain read would).
let reading: Promise<unknown> | null = null

export function readLocal(): Promise<LocalData> {
  const run = async (): Promise<LocalData> => {
    for (;;) {
      const at = local
      const delta = await readSince(at.head, at.epoch)
      if (at !== local) continue // invalidated meanwhile: read the new database from scratch
      at.replica.feed(delta.ops, delta.full)
      // What the bootstrap stored changes only with a bootstrap, which makes this read full.
      if (delta.full) at.replica.setStoredExceptions(delta.serverExceptions)
      at.head = delta.head
      at.epoch = delta.epoch
      return { view: at.replica.view(), pending: delta.pending, rejected: delta.rejected }
    }
  }
  const p = reading ? reading.then(run, run) : run()
  const done = p.catch(() => {})
  reading = done
  void done.then(() => {
    if (reading === done) reading = null
  })
  return p
}

// One read per data version, shared by every mounted screen.
let memo: { version: number; data: Promise<LocalData> } | null = null
function load(version: number): Promise<LocalData> {
  if (!memo || memo.version !== version) {
    const data = readLocal()
    memo = { version, data }
    data.catch(() => {
      if (memo?.data === data) memo = null
    })
  }
  return memo.data
}

/** Forget the replica (tests swap IndexedDB underneath; the app bumps the data version). */
export function invalidateLocal() {
  memo = null
  local = fresh()
}

/** This tab's replica (tests look at how it was fed). */
export const localReplica = (): LocalReplica => local.replica

/** The local data as of now (includes an op recorded a moment ago), for decisions, not rendering. */
export const currentLocal = (): Promise<LocalData> => load(dataVersion())

/** Re-read IndexedDB whenever ops change here or in another tab. Keeps the last data meanwhile. */
export function useLocalData(): LocalData | undefined {
  const v = useDataVersion()
  const [data, setData] = useState<LocalData>()
  useEffect(() => {
    let live = true
    load(v).then((d) => live && setData(d)).catch(() => {})
    return () => {
      live = false
    }
  }, [v])
  return data
}

export type OpState = 'pending' | 'rejected' | 'synced'

export function opStates(d: LocalData): Map<string, OpState> {
  const m = new Map<string, OpState>()
  for (const r of d.pending) m.set(r.id, 'pending')
  for (const r of d.rejected) m.set(r.id, 'rejected')
  return m
}
