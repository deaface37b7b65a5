// Deterministic materialisation (docs/sync-protocol.md §6) — mirrors sync/materialise.py.
// State is a pure function of (op set, horizon). Ops are grouped per entity and folded in
// order-key order; an op that sorts after everything its entity has seen is folded in
// O(1), one that arrives out of order only marks its entity for a re-fold at the next read.
import { CLOCK_SKEW, ID_COLLISION, INVALID_OP, type ExceptionRecord } from './errors'
import { insertionPoint } from './eventset'
import { quantityChecks, makeRecord } from './invariants'
import { encodeJsonText, jsonValue } from './json'
import { problem } from './kinds'
import { compareOps, fact, opId, type Op } from './op'
import { OrderFold, type OrderView } from './orderFold'
import { StockFold, type StockView } from './stockFold'
import { compareCodePoints, valueEquals } from './value'

export interface Snapshot {
  orders: Record<string, OrderView>
  stock: Record<string, StockView>
  exceptions: ExceptionRecord[]
}

/** Sorted ops of one entity; `fold` has consumed ops[0, done) unless `dirty`. */
class Entity<F extends OrderFold | StockFold> {
  readonly ops: Op[] = []
  done = 0
  dirty = false
  checks: ExceptionRecord[] | null = null
  constructor(
    public fold: F,
    readonly make: () => F,
  ) {}

  insert(op: Op): void {
    const ops = this.ops
    if (ops.length === 0 || compareOps(op, ops[ops.length - 1]!) > 0) {
      ops.push(op)
      return
    }
    const i = insertionPoint(ops, op)
    ops.splice(i, 0, op)
    if (i < this.done) this.dirty = true
  }

  /** Fold lazily: only the new tail, or everything after an out-of-order insert. */
  fresh(): F {
    if (this.dirty) {
      this.fold = this.make()
      this.done = 0
      this.dirty = false
    }
    const ops = this.ops
    if (this.done < ops.length) {
      const fold = this.fold
      for (let i = this.done; i < ops.length; i++) fold.apply(ops[i]!)
      this.done = ops.length
      this.checks = null
    }
    return this.fold
  }

  exceptions(): ExceptionRecord[] {
    const fold = this.fresh()
    if (this.checks === null) {
      const found = fold.exceptions.slice()
      if (fold instanceof OrderFold) found.push(...quantityChecks(fold))
      this.checks = found
    }
    return this.checks
  }
}

const newOrder = (): OrderFold => new OrderFold()
const newStock = (): StockFold => new StockFold()

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
  private readonly all = new Map<string, Op>()
  private readonly variants = new Map<string, { text: string; op: Op }[]>()
  private invalid = new Map<string, ExceptionRecord>()
  private quarantine = new Map<string, Op>()
  private released = new Set<string>()
  private orders = new Map<string, Entity<OrderFold>>()
  private stock = new Map<string, Entity<StockFold>>()

  constructor(public horizon: number | null = null) {}

  private reset(): void {
    this.invalid = new Map()
    this.quarantine = new Map()
    this.released = new Set()
    this.orders = new Map()
    this.stock = new Map()
  }

  // -- input ----------------------------------------------------------------------
  apply(ops: Iterable<Op>): void {
    for (const op of ops) this.applyOne(op)
  }

  applyOne(op: Op): void {
    const id = opId(op)
    const cur = this.all.get(id)
    if (cur === undefined) {
      this.all.set(id, op)
      this.route(op, id)
    } else if (cur !== op) this.collide(id, cur, op)
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
    if (vs[0]!.op !== cur) {
      this.all.set(id, vs[0]!.op)
      this.rebuild()
    }
  }

  private rebuild(): void {
    this.reset()
    for (const [id, op] of this.all) this.route(op, id)
  }

  private route(op: Op, id: string): void {
    const bad = problem(op)
    if (bad !== null) {
      this.invalid.set(id, makeRecord(INVALID_OP, [op], { reason: bad[0] }))
      return
    }
    const h = this.horizon
    if (h !== null && op.wall > h && !this.released.has(id)) {
      this.quarantine.set(id, op)
      return
    }
    this.admit(op)
  }

  private admit(op: Op): void {
    if (op.etype === 'order') {
      let ent = this.orders.get(op.eid)
      if (ent === undefined) this.orders.set(op.eid, (ent = new Entity(newOrder(), newOrder)))
      ent.insert(op)
    } else if (op.etype === 'stock') {
      let ent = this.stock.get(op.eid)
      if (ent === undefined) this.stock.set(op.eid, (ent = new Entity(newStock(), newStock)))
      ent.insert(op)
    } else {
      // sync.release (the only valid kind of any other etype)
      this.released.add(op.eid)
      const held = this.quarantine.get(op.eid)
      if (held !== undefined) {
        this.quarantine.delete(op.eid)
        this.admit(held)
      }
    }
  }

  // -- output ---------------------------------------------------------------------
  /** The exception queue, sorted by id (code point). Treat the records as read-only. */
  exceptions(): ExceptionRecord[] {
    const found = new Map<string, ExceptionRecord>()
    for (const r of this.invalid.values()) found.set(r.id, r) // keyed by record id, not op id
    for (const ent of this.orders.values()) for (const r of ent.exceptions()) found.set(r.id, r)
    for (const ent of this.stock.values()) for (const r of ent.exceptions()) found.set(r.id, r)
    const h = this.horizon
    for (const op of this.quarantine.values()) {
      const r = makeRecord(CLOCK_SKEW, [op], { horizon: h, ahead_ms: op.wall - h! })
      found.set(r.id, r)
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
      found.set(r.id, r)
    }
    return [...found.keys()].sort(compareCodePoints).map((k) => found.get(k)!)
  }

  /** Plain JSON-able data, equal across converged replicas (fresh objects every call). */
  snapshot(): Snapshot {
    const orders: [string, OrderView][] = []
    for (const [eid, ent] of this.orders) orders.push([eid, ent.fresh().snapshot()])
    const stock: [string, StockView][] = []
    for (const [eid, ent] of this.stock) stock.push([eid, ent.fresh().snapshot()])
    return {
      orders: Object.fromEntries(orders),
      stock: Object.fromEntries(stock),
      exceptions: this.exceptions().map(copyRecord),
    }
  }

  /** The snapshot as canonical JSON text (what replicas can hash and compare). */
  snapshotJson(): string {
    return jsonValue(this.snapshot())
  }

  op(id: string): Op | undefined {
    return this.all.get(id)
  }

  get size(): number {
    return this.all.size
  }
}

/** State of an op set: the same for every order and any duplicates of the same ops. */
export function materialise(ops: Iterable<Op>, options: { horizon?: number | null } = {}): Snapshot {
  const replica = new Replica(options.horizon ?? null)
  replica.apply(ops)
  return replica.snapshot()
}
