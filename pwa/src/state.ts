import { useEffect, useState } from 'preact/hooks'
import type { OutboxRecord, RejectedRecord } from './db'
import { readSince } from './outbox/store'
import type { Op } from './sync'
import { opId } from './sync'
// The one place the op set is folded: the normative TypeScript twin of the sync core
// (src/sync/, docs/sync-protocol.md §6), the same rules the server runs. Everything below
// works on its §6 snapshot.
import { horizonFor, Replica, type ExceptionRecord, type OrderView, type Snapshot } from './sync'
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
  /** every op in the local set, by id (to show who scanned what, when); only ever grows */
  ops: ReadonlyMap<string, Op>
}

/** The view of an op set folded from scratch, as of `now`. */
export function viewOf(ops: Op[], now = Date.now()): LocalView {
  const r = new LocalReplica(() => now)
  r.feed(ops, true)
  return r.view(now)
}

/**
 * The local op set folded by the core's Replica, kept between reads: new ops (recorded
 * here, pulled, or written by another tab) are applied one by one; only a (re-)bootstrap,
 * which replaces the server's part of the op set, folds everything from scratch.
 */
export class LocalReplica {
  private replica: Replica
  private ops = new Map<string, Op>()
  /** how many times the op set was folded from scratch (tests; the bootstrap path) */
  rebuilds = 0

  constructor(private readonly now: () => number = Date.now) {
    this.replica = new Replica(horizonFor(now()))
  }

  /** Add ops (`full`: they are the whole op set, replacing what was folded before). */
  feed(ops: Iterable<Op>, full = false): void {
    if (full) {
      this.replica = new Replica(horizonFor(this.now()))
      this.ops = new Map() // a fresh map: views handed out earlier keep theirs
      this.rebuilds++
    }
    for (const op of ops) {
      this.replica.applyOne(op)
      const id = opId(op)
      if (!this.ops.has(id)) this.ops.set(id, op)
    }
  }

  get size(): number {
    return this.replica.size
  }

  view(now = this.now()): LocalView {
    // Ops stamped further ahead than the drift allowance are quarantined (clock_skew), as on
    // the server; moving the horizon forward releases the ones it now covers. It never moves
    // back (a phone clock set back would otherwise re-fold everything to hide admitted ops).
    const h = horizonFor(now)
    if (this.replica.horizon === null || h > this.replica.horizon) this.replica.setHorizon(h)
    const snapshot = this.replica.snapshot()
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
    return { snapshot, labels, byOp, ops: this.ops }
  }
}

export interface LocalData {
  view: LocalView
  pending: OutboxRecord[]
  rejected: RejectedRecord[]
  /** exceptions the server sent with the bootstrap (may involve ops compacted away locally) */
  serverExceptions: SyncExceptionRecord[]
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
      at.head = delta.head
      at.epoch = delta.epoch
      return {
        view: at.replica.view(), pending: delta.pending, rejected: delta.rejected,
        serverExceptions: delta.serverExceptions as SyncExceptionRecord[],
      }
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
