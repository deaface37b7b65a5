// Deterministic materialisation (docs/sync-protocol.md §6) — mirrors sync/materialise.py.
// State is a pure function of (op set, horizon). Ops are grouped per entity and folded in
// order-key order; an op that sorts after everything its entity has seen is folded in
// O(1), one that arrives out of order only marks its entity for a re-fold at the next read.
import { CLOCK_SKEW, ID_COLLISION, INVALID_OP, type ExceptionRecord } from './errors'
import { Entity } from './entity'
import { makeRecord } from './invariants'
import { encodeJsonText, jsonValue } from './json'
import { problem } from './kinds'
import { compareOps, fact, opId, type Op } from './op'
import { OrderFold, type OrderView } from './orderFold'
import { SeqStore } from './seqstore'
import { StockFold, type StockView } from './stockFold'
import { DeskFold, type DeskView } from './deskFold'
import { compareCodePoints, dict, valueEquals } from './value'

export interface Snapshot {
  orders: Record<string, OrderView>
  stock: Record<string, StockView>
  exceptions: ExceptionRecord[]
  /** the exception desk's entities (deskFold.ts), present only when there are some */
  desk?: Record<string, DeskView>
}

/** What may have changed since the last takeTouched(): entity ids per etype, or everything
 * (`all`: the replica re-routed every op — an id collision, the horizon moved back). */
export interface Touched {
  all: boolean
  orders: Set<string>
  stock: Set<string>
  /** exception desk entities (their ids are exception record ids) */
  desk: Set<string>
}

const newOrder = (ops: Op[]): OrderFold => new OrderFold(ops)
const newStock = (): StockFold => new StockFold()
const newDesk = (): DeskFold => new DeskFold()

function sameOp(a: Op, b: Op): boolean {
  return (
    a.wall === b.wall && a.ctr === b.ctr && a.actor === b.actor && a.kind === b.kind &&
    a.etype === b.etype && a.eid === b.eid && valueEquals(a.payload, b.payload)
  )
}

function copyRecord(r: ExceptionRecord): ExceptionRecord {
  return { ...r, facts: r.facts.map((f) => ({ ...f })), detail: { ...r.detail } }
}

/** One replica's view. Feed ops in any order, any number of times; read `snapshot()`. */
export class Replica {
  /** device → its ops by seq: no `device:seq` string to build and hash per op */
  private readonly all = new Map<string, SeqStore>()
  private count = 0
  private readonly variants = new Map<string, { text: string; op: Op }[]>()
  private invalid = new Map<string, ExceptionRecord>()
  private quarantine = new Map<string, Op>()
  private released = new Set<string>()
  // released op id → its earliest admitted sync.release, and the targets as device → seqs
  // so admitting an op needs no id string to know it folds at its release's clock (§3)
  private releaseAt = new Map<string, Op>()
  private releaseSeqs = new Map<string, Set<number>>()
  private orders = new Map<string, Entity<OrderFold>>()
  private stock = new Map<string, Entity<StockFold>>()
  private desk = new Map<string, Entity<DeskFold>>()
  // what changed since the last takeTouched() (incremental readers; snapshot() ignores it)
  private touched: Touched = { all: true, orders: new Set(), stock: new Set(), desk: new Set() }

  constructor(public horizon: number | null = null) {}

  private reset(): void {
    this.invalid = new Map()
    this.quarantine = new Map()
    this.released = new Set()
    this.releaseAt = new Map()
    this.releaseSeqs = new Map()
    this.orders = new Map()
    this.stock = new Map()
    this.desk = new Map()
    this.touched.all = true
  }

  // -- input ----------------------------------------------------------------------
  apply(ops: Iterable<Op>): void {
    for (const op of ops) this.applyOne(op)
  }

  applyOne(op: Op): void {
    let store = this.all.get(op.device)
    if (store === undefined) this.all.set(op.device, (store = new SeqStore()))
    const cur = store.get(op.seq)
    if (cur === undefined) {
      store.set(op.seq, op)
      this.count++
      this.route(op)
    } else if (cur !== op) this.collide(opId(op), cur, op)
  }

  /** Move the skew horizon; moving it forward releases what it now covers. */
  setHorizon(horizon: number | null): void {
    const old = this.horizon
    this.horizon = horizon
    if (old !== null && (horizon === null || horizon >= old)) {
      for (const [id, o] of [...this.quarantine]) {
        // skip ops a release admitted earlier in this loop, or are still too far ahead
        if (!this.quarantine.has(id) || (horizon !== null && o.wall > horizon)) continue
        this.quarantine.delete(id)
        this.admit(o)
      }
    } else if (old !== horizon) this.rebuild()
  }

  private collide(id: string, cur: Op, op: Op): void {
    let vs = this.variants.get(id)
    if (vs === undefined) {
      if (sameOp(cur, op)) return // a plain duplicate, not a collision
      vs = [{ text: encodeJsonText(cur), op: cur }]
      this.variants.set(id, vs)
    }
    const text = encodeJsonText(op)
    if (vs.some((v) => v.text === text)) return
    vs.push({ text, op })
    vs.sort((a, b) => compareCodePoints(a.text, b.text)) // = UTF-8 byte order
    const kept = vs[0]!.op
    if (kept !== cur) {
      this.all.get(kept.device)!.set(kept.seq, kept)
      this.rebuild()
    }
  }

  /** Re-route every op; releases first, so each target folds at its release's clock from
   * the start instead of being moved once per release. */
  private rebuild(): void {
    this.reset()
    const later: Op[] = []
    for (const store of this.all.values()) {
      store.forEach((op) => {
        if (op.kind === 'sync.release') this.route(op)
        else later.push(op)
      })
    }
    for (const op of later) this.route(op)
  }

  private route(op: Op): void {
    const bad = problem(op)
    if (bad !== null) {
      const r = makeRecord(INVALID_OP, [op], { reason: bad[0] })
      this.invalid.set(r.id, r)
      return
    }
    const h = this.horizon
    if (h !== null && op.wall > h) {
      const id = opId(op)
      if (!this.released.has(id)) {
        this.quarantine.set(id, op)
        return
      }
    }
    this.admit(op)
  }

  private admit(op: Op): void {
    if (this.releaseSeqs.size > 0 && this.releaseSeqs.get(op.device)?.has(op.seq)) {
      const rel = this.releaseAt.get(opId(op))
      // a released op folds at its release's clock, never at its own (forged) future one:
      // it cannot outrank a later honest write (§3 "Release")
      if (rel !== undefined && compareOps(rel, op) < 0) op = { ...op, wall: rel.wall, ctr: rel.ctr }
    }
    if (op.etype === 'order') {
      let ent = this.orders.get(op.eid)
      if (ent === undefined) this.orders.set(op.eid, (ent = new Entity(newOrder)))
      ent.insert(op)
      if (!this.touched.all) this.touched.orders.add(op.eid)
    } else if (op.etype === 'stock') {
      let ent = this.stock.get(op.eid)
      if (ent === undefined) this.stock.set(op.eid, (ent = new Entity(newStock)))
      ent.insert(op)
      if (!this.touched.all) this.touched.stock.add(op.eid)
    } else if (op.etype === 'exception') {
      let ent = this.desk.get(op.eid)
      if (ent === undefined) this.desk.set(op.eid, (ent = new Entity(newDesk)))
      ent.insert(op)
      if (!this.touched.all) this.touched.desk.add(op.eid)
    } else this.release(op) // sync.release (the only valid kind of any other etype)
  }

  /** Admit a sync.release: its target leaves quarantine, and folds at the clock of its
   * earliest release when that is before its own (an already folded target moves). */
  private release(op: Op): void {
    const target = op.eid
    const prev = this.releaseAt.get(target)
    if (prev === undefined || compareOps(op, prev) < 0) {
      this.releaseAt.set(target, op)
      const at = target.lastIndexOf(':')
      const device = target.slice(0, at)
      const seq = target.slice(at + 1)
      if (at >= 0 && /^[0-9]+$/.test(seq)) {
        let seqs = this.releaseSeqs.get(device)
        if (seqs === undefined) this.releaseSeqs.set(device, (seqs = new Set()))
        seqs.add(Number(seq))
        this.move(this.all.get(device)?.get(Number(seq)), op)
      }
    }
    this.released.add(target)
    const held = this.quarantine.get(target)
    if (held !== undefined) {
      this.quarantine.delete(target)
      this.admit(held)
    }
  }

  /** Re-admit a target that is already folded at a later clock than `release`. */
  private move(target: Op | undefined, release: Op): void {
    if (target === undefined || compareOps(release, target) >= 0) return
    const ent =
      target.etype === 'order' ? this.orders.get(target.eid)
      : target.etype === 'stock' ? this.stock.get(target.eid)
      : target.etype === 'exception' ? this.desk.get(target.eid)
      : undefined
    if (ent?.remove(target.device, target.seq)) this.admit(target)
  }

  // -- output ---------------------------------------------------------------------
  /** The exception queue, sorted by id (code point). Treat the records as read-only. */
  exceptions(): ExceptionRecord[] {
    const found = new Map<string, ExceptionRecord>() // keyed by record id
    for (const ent of this.orders.values()) for (const r of ent.exceptions()) found.set(r.id, r)
    for (const ent of this.stock.values()) for (const r of ent.exceptions()) found.set(r.id, r)
    for (const r of this.otherExceptions()) found.set(r.id, r)
    // resolved at the exception desk: out of the open queue (deskFold.ts)
    for (const [id, ent] of this.desk) if (found.has(id) && ent.fresh().resolved !== null) found.delete(id)
    return [...found.keys()].sort(compareCodePoints).map((k) => found.get(k)!)
  }

  // -- incremental reads ----------------------------------------------------------------
  // A reader that keeps its own view (the PWA's local state) asks what changed since it last
  // looked and re-reads only those entities: one new op costs one entity's fold, not all.

  /** Entities touched since the last call (see Touched), then starts a new record. */
  takeTouched(): Touched {
    const t = this.touched
    this.touched = { all: false, orders: new Set(), stock: new Set(), desk: new Set() }
    return t
  }

  orderIds(): IterableIterator<string> {
    return this.orders.keys()
  }

  stockIds(): IterableIterator<string> {
    return this.stock.keys()
  }

  /** One order as snapshot() shows it (a fresh object), folded as far as its ops go. */
  orderView(eid: string): OrderView | undefined {
    return this.orders.get(eid)?.fresh().snapshot()
  }

  stockView(eid: string): StockView | undefined {
    return this.stock.get(eid)?.fresh().snapshot()
  }

  /** The desk of one exception (assignee, resolution, trail), if anyone acted on it. */
  deskView(id: string): DeskView | undefined {
    return this.desk.get(id)?.fresh().snapshot()
  }

  /** Has the exception desk resolved this exception? (It then leaves the open queue.) */
  isResolved(id: string): boolean {
    const ent = this.desk.get(id)
    return ent !== undefined && ent.fresh().resolved !== null
  }

  deskIds(): IterableIterator<string> {
    return this.desk.keys()
  }

  /** The exceptions one entity's fold derives (post-fold checks included). Read-only. */
  entityExceptions(etype: 'order' | 'stock', eid: string): readonly ExceptionRecord[] {
    return (etype === 'order' ? this.orders : this.stock).get(eid)?.exceptions() ?? []
  }

  /** The exceptions no entity fold owns: invalid ops, quarantined ops (clock_skew, against
   * the current horizon) and id collisions. Few; recomputed on every call. */
  otherExceptions(): ExceptionRecord[] {
    const found: ExceptionRecord[] = [...this.invalid.values()]
    const h = this.horizon
    for (const op of this.quarantine.values()) {
      found.push(makeRecord(CLOCK_SKEW, [op], { horizon: h, ahead_ms: op.wall - h! }))
    }
    for (const [id, vs] of this.variants) {
      const kept = vs[0]!.op
      const r: ExceptionRecord = {
        id: ID_COLLISION + ':' + id,
        kind: ID_COLLISION,
        etype: kept.etype,
        eid: kept.eid,
        facts: vs.map((v) => fact(v.op)),
        detail: {},
      }
      found.push(r)
    }
    return found
  }

  /** Plain JSON-able data, equal across converged replicas (fresh objects every call).
   * Maps keyed by data (entity ids, SKUs, tracking numbers, devices) are null-prototype
   * objects (see `dict`); nested payload values are shared, so treat them as read-only. */
  snapshot(): Snapshot {
    const orders = dict<OrderView>()
    this.orders.forEach((ent, eid) => {
      orders[eid] = ent.fresh().snapshot()
      ent.exceptions() // the post-fold checks now, while this entity's ops are in cache
    })
    const stock = dict<StockView>()
    this.stock.forEach((ent, eid) => {
      stock[eid] = ent.fresh().snapshot()
    })
    const snap: Snapshot = { orders, stock, exceptions: this.exceptions().map(copyRecord) }
    if (this.desk.size > 0) {
      const desk = dict<DeskView>()
      this.desk.forEach((ent, eid) => {
        desk[eid] = ent.fresh().snapshot()
      })
      snap.desk = desk
    }
    return snap
  }

  /** The snapshot as canonical JSON text (what replicas can hash and compare). */
  snapshotJson(): string {
    return jsonValue(this.snapshot())
  }

  /** The op kept under `device:seq`, if any. */
  op(id: string): Op | undefined {
    const at = id.lastIndexOf(':')
    return this.all.get(id.slice(0, at))?.get(Number(id.slice(at + 1)))
  }

  /** Number of distinct op ids. */
  get size(): number {
    return this.count
  }
}

/** State of an op set: the same for every order and any duplicates of the same ops. */
export function materialise(ops: Iterable<Op>, options: { horizon?: number | null } = {}): Snapshot {
  const replica = new Replica(options.horizon ?? null)
  replica.apply(ops)
  return replica.snapshot()
}
