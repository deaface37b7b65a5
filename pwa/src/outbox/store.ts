import { db, type OpRecord, type OutboxRecord, type RejectedRecord } from '../db'
import { InvalidOpError, jsonValue, opId, type ExceptionRecord, type Op, type ValueMap } from '../sync'
import type { OpResult } from '../sync'
import { ClockSkewError, hlcNow, hlcReceive, type Stamp } from './hlc'

// The outbox: every write the UI makes goes through createOp, which commits the op to the
// outbox AND to the local op set in one IndexedDB transaction, with the per-device seq
// counter and the HLC persisted in the same transaction. Only then does the UI say "done".

export interface NewOp {
  kind: string
  etype: string
  eid: string
  payload: ValueMap
}

const seqKey = (device: string) => `seq:${device}`
const hlcKey = (device: string) => `hlc:${device}`
export const CURSOR_KEY = 'sync:cursor'
export const SERVER_EXCEPTIONS_KEY = 'sync:serverExceptions'
export const LAST_SYNC_KEY = 'sync:lastSyncAt'
/** the last arrival number given to a record of the op set (see OpRecord.n) */
export const OPS_N_KEY = 'ops:n'
/** bumped when the op set loses records (a re-bootstrap): readers fold from scratch then */
export const OPS_EPOCH_KEY = 'ops:epoch'
/** the data partition (sync/privacy.ts `partition`) the pulled ops were bootstrapped for */
export const PARTITION_KEY = 'ops:partition'

const deviceRange = (device: string) => IDBKeyRange.bound([device, 0], [device, Number.MAX_SAFE_INTEGER])

export async function createOp(device: string, actor: string, o: NewOp, now: () => number = Date.now): Promise<Op> {
  // A payload the protocol cannot carry (a float, NaN, a function) would be stored and then
  // fail every push as if the network were down, forever: refuse it here, where the screen
  // that made it hears the error, and nothing enters the outbox.
  try {
    jsonValue(o.payload)
  } catch (e) {
    throw new InvalidOpError('bad_payload', `${o.kind}: ${e instanceof Error ? e.message : String(e)}`)
  }
  const d = await db()
  // 'strict': the op is on disk (fsync) before the UI says "done", so it survives a phone
  // whose battery dies right after the scan, not only a killed browser. One op per user
  // action, so the flush is affordable; everything else keeps the default durability.
  const tx = d.transaction(['meta', 'outbox', 'ops'], 'readwrite', { durability: 'strict' })
  const meta = tx.objectStore('meta')
  const [lastSeq, lastHlc, lastN] = await Promise.all([
    meta.get(seqKey(device)) as Promise<number | undefined>,
    meta.get(hlcKey(device)) as Promise<Stamp | undefined>,
    meta.get(OPS_N_KEY) as Promise<number | undefined>,
  ])
  const seq = (lastSeq ?? 0) + 1
  const ts = hlcNow(lastHlc ?? { wall: 0, ctr: 0 }, now())
  // Properties in envelope order (docs/sync-protocol.md §1), as the core's Op declares them.
  const op: Op = { device, seq, wall: ts.wall, ctr: ts.ctr, actor, kind: o.kind, etype: o.etype, eid: o.eid, payload: o.payload }
  const id = opId(op)
  const n = (lastN ?? 0) + 1
  await Promise.all([
    meta.put(seq, seqKey(device)),
    meta.put(ts, hlcKey(device)),
    meta.put(n, OPS_N_KEY),
    tx.objectStore('outbox').add({ seq, id, device, op, createdAt: now() } satisfies OutboxRecord),
    tx.objectStore('ops').put({ id, op, src: 'local', n } satisfies OpRecord),
    tx.done,
  ])
  return op
}

/**
 * The device's op counter and clock now. Sent at sign-in and sign-out: the server binds the
 * ops after them to the person signing in, and those before to whoever was signed in, so
 * ops made offline by the previous user of a shared handheld still land as theirs.
 */
export async function deviceCounters(device: string): Promise<{ seq: number; wall: number }> {
  const d = await db()
  const [seq, hlc] = await Promise.all([
    d.get('meta', seqKey(device)) as Promise<number | undefined>,
    d.get('meta', hlcKey(device)) as Promise<Stamp | undefined>,
  ])
  return { seq: seq ?? 0, wall: hlc?.wall ?? 0 }
}

/** Pending ops of one device in seq order (all devices if none given). */
export async function pendingOps(device?: string, limit?: number): Promise<OutboxRecord[]> {
  const d = await db()
  return device ? d.getAll('outbox', deviceRange(device), limit) : d.getAll('outbox', undefined, limit)
}

export async function pendingCount(device?: string): Promise<number> {
  const d = await db()
  return device ? d.count('outbox', deviceRange(device)) : d.count('outbox')
}

export async function rejectedOps(): Promise<RejectedRecord[]> {
  return (await db()).getAll('rejected')
}

/**
 * Apply the server's per-op answers in one transaction: accepted/duplicate leave the outbox
 * (the op stays in the local op set); rejected move to the rejected store, for good.
 * Returns how many were settled. Ops without an answer stay pending.
 */
export async function settle(batch: OutboxRecord[], results: OpResult[], now = Date.now()): Promise<number> {
  const byId = new Map(results.map((r) => [r.id, r]))
  const d = await db()
  const tx = d.transaction(['outbox', 'rejected'], 'readwrite')
  const outbox = tx.objectStore('outbox')
  const rejected = tx.objectStore('rejected')
  let n = 0
  const work: Promise<unknown>[] = []
  for (const rec of batch) {
    const r = byId.get(rec.id)
    if (!r) continue
    if (r.status === 'accepted' || r.status === 'duplicate') {
      work.push(outbox.delete([rec.device, rec.seq]))
      n++
    } else if (r.status === 'rejected') {
      work.push(rejected.put({ id: rec.id, op: rec.op, reason: r.reason ?? 'rejected', at: now }))
      work.push(outbox.delete([rec.device, rec.seq]))
      n++
    }
  }
  await Promise.all([...work, tx.done])
  return n
}

/** A batch-level permanent failure isolated to one op (by bisection): keep it, never retry. */
export async function markRejected(rec: OutboxRecord, reason: string, detail: string | undefined, now = Date.now()) {
  const d = await db()
  const tx = d.transaction(['outbox', 'rejected'], 'readwrite')
  await Promise.all([
    tx.objectStore('rejected').put({ id: rec.id, op: rec.op, reason, ...(detail ? { detail } : {}), at: now }),
    tx.objectStore('outbox').delete([rec.device, rec.seq]),
    tx.done,
  ])
}

export async function noteRetryable(batch: OutboxRecord[], error: string) {
  const d = await db()
  const tx = d.transaction('outbox', 'readwrite')
  await Promise.all([...batch.map((r) => tx.store.put({ ...r, lastError: error })), tx.done])
}

export async function getCursor(): Promise<number | undefined> {
  return (await (await db()).get('meta', CURSOR_KEY)) as number | undefined
}

/**
 * Store pulled ops, advance the cursor and lift this device's HLC past them, in one
 * transaction (so a crash never leaves the cursor ahead of the ops). Ops too far in the
 * future are still stored (the Replica quarantines them); they just don't move the clock.
 */
export async function storeRemote(ops: Op[], cursor: number, device: string | undefined, now = Date.now()): Promise<number> {
  return writeRemote(ops, cursor, device, now, null)
}

/** Replace the server-side op set after a (re-)bootstrap. Local ops and the outbox stay. */
/** `partition` (sync/privacy.ts): whose data this is, so another user's sign-in can tell. */
export async function storeBootstrap(ops: Op[], cursor: number, exceptions: ExceptionRecord[], device: string | undefined, now = Date.now(), partition?: string) {
  return writeRemote(ops, cursor, device, now, exceptions, partition)
}

async function writeRemote(ops: Op[], cursor: number, device: string | undefined, now: number, bootstrap: ExceptionRecord[] | null, partition?: string) {
  const d = await db()
  const tx = d.transaction(['ops', 'meta'], 'readwrite')
  const store = tx.objectStore('ops')
  const meta = tx.objectStore('meta')
  if (bootstrap) {
    let c = await store.index('bySrc').openCursor('remote')
    while (c) {
      await c.delete()
      c = await c.continue()
    }
    await meta.put(bootstrap, SERVER_EXCEPTIONS_KEY)
    await meta.put((((await meta.get(OPS_EPOCH_KEY)) as number | undefined) ?? 0) + 1, OPS_EPOCH_KEY)
    if (partition !== undefined) await meta.put(partition, PARTITION_KEY)
    else await meta.delete(PARTITION_KEY)
  }
  let n = ((await meta.get(OPS_N_KEY)) as number | undefined) ?? 0
  let added = 0
  let clock = device ? ((await meta.get(hlcKey(device))) as Stamp | undefined) ?? { wall: 0, ctr: 0 } : undefined
  for (const op of ops) {
    const id = opId(op)
    if (!(await store.get(id))) {
      await store.put({ id, op, src: 'remote', n: ++n })
      added++
    }
    if (clock && op.device !== device) {
      try {
        clock = hlcReceive(clock, op, now)
      } catch (e) {
        if (!(e instanceof ClockSkewError)) throw e
      }
    }
  }
  if (device && clock) await meta.put(clock, hlcKey(device))
  if (added > 0) await meta.put(n, OPS_N_KEY)
  await meta.put(cursor, CURSOR_KEY)
  await tx.done
  return added
}

export async function allOps(): Promise<Op[]> {
  return (await (await db()).getAll('ops')).map((r) => r.op)
}

/** What a reader of the local data needs to catch up, read in one transaction (so the op
 * set, the outbox and the refused ops agree): every op (`since` undefined) or only the ops
 * that arrived after arrival number `since` — unless the op set lost records meanwhile
 * (`epoch` moved: a re-bootstrap), when it gets every op again (`full`). */
export interface LocalDelta {
  full: boolean
  ops: Op[]
  /** arrival number of the newest record: pass it back as `since` */
  head: number
  epoch: number
  pending: OutboxRecord[]
  rejected: RejectedRecord[]
  serverExceptions: ExceptionRecord[]
}

export async function readSince(since: number | undefined, epoch: number | undefined): Promise<LocalDelta> {
  const d = await db()
  const tx = d.transaction(['ops', 'meta', 'outbox', 'rejected'], 'readonly')
  const meta = tx.objectStore('meta')
  const store = tx.objectStore('ops')
  // Every request at once (one round trip); the delta is only thrown away, for a full
  // read, in the rare case that the epoch moved.
  const [head, now, delta, pending, rejected, server] = await Promise.all([
    meta.get(OPS_N_KEY) as Promise<number | undefined>,
    meta.get(OPS_EPOCH_KEY) as Promise<number | undefined>,
    since === undefined ? store.getAll() : store.index('byN').getAll(IDBKeyRange.lowerBound(since, true)),
    tx.objectStore('outbox').getAll(),
    tx.objectStore('rejected').getAll(),
    meta.get(SERVER_EXCEPTIONS_KEY) as Promise<ExceptionRecord[] | undefined>,
  ])
  const full = since === undefined || (now ?? 0) !== epoch
  const recs = full && since !== undefined ? await store.getAll() : delta
  return {
    full, ops: recs.map((r) => r.op), head: head ?? 0, epoch: now ?? 0,
    pending, rejected, serverExceptions: server ?? [],
  }
}
