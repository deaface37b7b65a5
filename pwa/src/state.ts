import { useEffect, useState } from 'preact/hooks'
import type { OutboxRecord, RejectedRecord } from './db'
import { allOps, pendingOps, rejectedOps, serverExceptions } from './outbox/store'
import type { Op } from './outbox/types'
import { opId } from './outbox/types'
// The one place the op set is folded: the normative TypeScript twin of the sync core
// (src/sync/, docs/sync-protocol.md §6), the same rules the server runs. Everything below
// works on its §6 snapshot.
import { horizonFor, materialise, type ExceptionRecord, type OrderView, type Snapshot } from './sync'
import { useDataVersion } from './syncclient/hooks'
import { dataVersion } from './syncclient/hub'

export type { Snapshot }
export type OrderSnapshot = OrderView
export type SyncExceptionRecord = ExceptionRecord

/** What every screen reads: the folded local state plus indexes the UI needs. */
export interface LocalView {
  snapshot: Snapshot
  /** tracking number → order id (the order whose label carries it) */
  labels: Map<string, string>
  /** op id → the exceptions it is part of */
  byOp: Map<string, SyncExceptionRecord[]>
  /** every op in the local set, by id (to show who scanned what, when) */
  ops: Map<string, Op>
}

export function viewOf(ops: Op[], now = Date.now()): LocalView {
  // Ops stamped further ahead than the drift allowance are quarantined (clock_skew), as on the server.
  const snapshot = materialise(ops, { horizon: horizonFor(now) })
  const labels = new Map<string, string>()
  for (const [eid, o] of Object.entries(snapshot.orders)) {
    for (const [tracking, st] of Object.entries(o.labels)) {
      // A reprint gives the order a new label; the voided one still maps to its order.
      if (st === 'printed' || !labels.has(tracking)) labels.set(tracking, eid)
    }
  }
  const byOp = new Map<string, SyncExceptionRecord[]>()
  for (const e of snapshot.exceptions) {
    for (const f of e.facts) byOp.set(f.op, [...(byOp.get(f.op) ?? []), e])
  }
  return { snapshot, labels, byOp, ops: new Map(ops.map((op) => [opId(op), op])) }
}

export interface LocalData {
  view: LocalView
  pending: OutboxRecord[]
  rejected: RejectedRecord[]
  /** exceptions the server sent with the bootstrap (may involve ops compacted away locally) */
  serverExceptions: SyncExceptionRecord[]
}

export async function readLocal(): Promise<LocalData> {
  const [ops, pending, rejected, server] = await Promise.all([allOps(), pendingOps(), rejectedOps(), serverExceptions()])
  return { view: viewOf(ops), pending, rejected, serverExceptions: server as SyncExceptionRecord[] }
}

// One fold per data version, shared by every mounted screen.
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

/** Forget the shared fold (tests swap IndexedDB underneath; the app bumps the data version). */
export function invalidateLocal() {
  memo = null
}

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
