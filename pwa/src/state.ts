import { useEffect, useState } from 'preact/hooks'
import type { OutboxRecord, RejectedRecord } from './db'
import { readSince } from './outbox/store'
// The one place the op set is folded: the normative TypeScript twin of the sync core
// (src/sync/, docs/sync-protocol.md §6), the same rules the server runs. The local view on
// top of it (view/local.ts) is updated op by op, never refolded on a data change.
import { horizonFor, opId, Replica, type ExceptionRecord, type Op, type OrderView, type Snapshot } from './sync'
import { useDataVersion } from './syncclient/hooks'
import { dataVersion } from './syncclient/hub'
import { ViewState, type LocalView } from './view/local'

export type { Snapshot, LocalView }
export type { OrderEntry } from './view/order'
export type OrderSnapshot = OrderView
export type SyncExceptionRecord = ExceptionRecord

/** The view of an op set folded from scratch, as of `now`. */
export function viewOf(ops: Op[], now = Date.now()): LocalView {
  const r = new LocalReplica(() => now)
  r.feed(ops, true)
  return r.view(now)
}

/**
 * The local op set folded by the core's Replica, kept between reads: new ops (recorded
 * here, pulled, or written by another tab) are applied one by one, and the view re-reads
 * only the entities they touched; only a (re-)bootstrap, which replaces the server's part
 * of the op set, folds everything from scratch.
 */
export class LocalReplica {
  private replica: Replica
  private ops = new Map<string, Op>()
  private state = new ViewState()
  /** how many times the op set was folded from scratch (tests; the bootstrap path) */
  rebuilds = 0

  constructor(private readonly now: () => number = Date.now) {
    this.replica = new Replica(horizonFor(now()))
  }

  /** Add ops (`full`: they are the whole op set, replacing what was folded before). */
  feed(ops: Iterable<Op>, full = false): void {
    if (full) {
      this.replica = new Replica(horizonFor(this.now()))
      this.ops = new Map() // fresh containers: views handed out earlier keep theirs
      this.state = new ViewState()
      this.rebuilds++
    }
    for (const op of ops) {
      this.replica.applyOne(op)
      const id = opId(op)
      if (!this.ops.has(id)) this.ops.set(id, op)
    }
  }

  /** The open exceptions the bootstrap brought (some may be over ops compacted away). */
  setStoredExceptions(records: readonly ExceptionRecord[]): void {
    this.state.setStored(records)
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
    return this.state.update(this.replica, this.ops)
  }
}

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
