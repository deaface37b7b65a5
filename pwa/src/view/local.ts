// The local view every screen reads, kept current op by op: after the core's Replica applied
// new ops, only the entities they touched are re-read (Replica.takeTouched), and only their
// entries in the indexes change. Nothing here folds: the Replica is the one fold.
import {
  compareCodePoints, type ExceptionRecord, type Op, type OrderView, type Replica, type Snapshot, type StockView,
} from '../sync'
import type { DeskView } from '../sync/deskFold'
import { entryOf, type OrderEntry } from './order'

/** What every screen reads. Fresh object per change (so memos keyed on it re-run); the
 * per-entity containers inside are shared between versions and updated in place. */
export interface LocalView {
  /** the core's snapshot shape: orders and stock by id, and the exception queue below */
  snapshot: Snapshot
  /** every order with what screens show of it (address, live label, flagged note, ...) */
  entries: ReadonlyMap<string, OrderEntry>
  /** tracking number → order id (the order whose label carries it) */
  labels: ReadonlyMap<string, string>
  /** op id → the exceptions it is part of */
  byOp: ReadonlyMap<string, ExceptionRecord[]>
  /** every op in the local set, by id (to show who scanned what, when); only ever grows */
  ops: ReadonlyMap<string, Op>
  /** the one exception queue (office view and ledger alike), sorted by id: what the replica
   * derives, plus what the bootstrap stored for ops this device no longer has (compacted) */
  exceptions: readonly ExceptionRecord[]
  /** the exception desk (sync/deskFold.ts) by exception id: assignee, resolution, trail.
   * A resolved exception is no longer in `exceptions` (it left the open queue). */
  desk: ReadonlyMap<string, DeskView>
}

const key = (etype: string, eid: string) => etype + '\u0000' + eid
/** keyed by data (order ids): no prototype, so an id like "constructor" is just an id */
const dict = <T>(): Record<string, T> => Object.create(null) as Record<string, T>

/** The indexes of one replica's state; `update` brings them up to date with it. */
export class ViewState {
  private readonly orders = dict<OrderView>()
  private readonly stock = dict<StockView>()
  private readonly entries = new Map<string, OrderEntry>()
  private readonly labels = new Map<string, string>()
  private readonly desk = new Map<string, DeskView>()
  /** entity key → the exceptions its fold derived at the last update (non-empty only) */
  private readonly derived = new Map<string, readonly ExceptionRecord[]>()
  /** entity key → what it derived before this update's change (for refreshEntity's diff) */
  private readonly prev = new Map<string, readonly ExceptionRecord[]>()
  private other: ExceptionRecord[] = []
  private stored: readonly ExceptionRecord[] = []
  /** entity key → the stored records about it (their "is an op missing?" can change) */
  private storedOf = new Map<string, ExceptionRecord[]>()
  private readonly queue = new Queue()
  private full = true

  /** Exceptions the server sent with the bootstrap (they may involve compacted ops). */
  setStored(records: readonly ExceptionRecord[]): void {
    if (records === this.stored) return
    this.stored = records
    this.storedOf = new Map()
    for (const r of records) {
      const k = key(r.etype, r.eid)
      this.storedOf.set(k, [...(this.storedOf.get(k) ?? []), r])
    }
    this.full = true
  }

  update(replica: Replica, ops: ReadonlyMap<string, Op>): LocalView {
    const touched = replica.takeTouched()
    if (touched.all) {
      for (const eid of Object.keys(this.orders)) delete this.orders[eid]
      for (const eid of Object.keys(this.stock)) delete this.stock[eid]
      this.entries.clear()
      this.labels.clear()
      this.derived.clear()
      this.full = true
    }
    const changed: string[] = []
    for (const eid of touched.all ? replica.orderIds() : touched.orders) {
      if (this.readOrder(replica, eid)) changed.push(key('order', eid))
    }
    for (const eid of touched.all ? replica.stockIds() : touched.stock) {
      if (this.readStock(replica, eid)) changed.push(key('stock', eid))
    }
    const other = replica.otherExceptions()
    const otherChanged = other.length > 0 || this.other.length > 0
    if (this.full) {
      this.other = other
      this.rebuildQueue(ops)
    } else {
      // Only what changed: a new op costs O(log n) here, not a pass over every exception.
      if (otherChanged) {
        const now = new Set(other.map((r) => r.id))
        for (const r of this.other) if (!now.has(r.id)) this.queue.remove(r.id)
        this.other = other
        for (const r of other) this.queue.put(r)
      }
      for (const k of changed) this.refreshEntity(k, ops)
    }
    for (const id of touched.all ? replica.deskIds() : touched.desk) {
      const d = replica.deskView(id)
      if (d === undefined) this.desk.delete(id)
      else this.desk.set(id, d)
    }
    if (touched.all) for (const id of [...this.desk.keys()]) if (replica.deskView(id) === undefined) this.desk.delete(id)
    let exceptions = this.queue.list()
    // resolved at the exception desk: out of the open queue, here as in the core's own queue
    if (this.desk.size > 0) exceptions = exceptions.filter((r) => this.desk.get(r.id)?.resolved == null)
    return {
      snapshot: { orders: this.orders, stock: this.stock, exceptions },
      entries: this.entries,
      labels: this.labels,
      byOp: this.queue.byOp,
      ops,
      exceptions,
      desk: this.desk,
    }
  }

  /** Re-read one order; true if the exceptions its fold derives changed. */
  private readOrder(replica: Replica, eid: string): boolean {
    const o = replica.orderView(eid)
    if (o === undefined) {
      this.dropOrder(eid)
      return this.noteDerived(key('order', eid), [])
    }
    const before = this.entries.get(eid)
    if (before) this.unlabel(eid, before.order)
    this.orders[eid] = o
    this.entries.set(eid, entryOf(eid, o))
    for (const [tracking, st] of Object.entries(o.labels)) {
      // A reprint gives the order a new label; the voided one still maps to its order.
      if (st === 'printed' || !this.labels.has(tracking)) this.labels.set(tracking, eid)
    }
    // New ops may also answer a stored record's missing op: re-check those of this order.
    return this.noteDerived(key('order', eid), replica.entityExceptions('order', eid)) || this.storedOf.has(key('order', eid))
  }

  private readStock(replica: Replica, eid: string): boolean {
    const s = replica.stockView(eid)
    if (s === undefined) delete this.stock[eid]
    else this.stock[eid] = s
    return this.noteDerived(key('stock', eid), replica.entityExceptions('stock', eid)) || this.storedOf.has(key('stock', eid))
  }

  private dropOrder(eid: string): void {
    const before = this.entries.get(eid)
    if (before) this.unlabel(eid, before.order)
    this.entries.delete(eid)
    delete this.orders[eid]
  }

  private unlabel(eid: string, o: OrderView): void {
    for (const tracking of Object.keys(o.labels)) if (this.labels.get(tracking) === eid) this.labels.delete(tracking)
  }

  /** Note what an entity's fold derives now; its previous list waits in `prev` for the diff. */
  private noteDerived(k: string, records: readonly ExceptionRecord[]): boolean {
    const before = this.derived.get(k)
    if (records.length === 0 && before === undefined) return false
    if (before === records) return false // the fold's cached list: nothing changed
    this.prev.set(k, before ?? [])
    if (records.length === 0) this.derived.delete(k)
    else this.derived.set(k, records)
    return true
  }

  /** One entity's exceptions changed (or its stored ones may have): swap its records. */
  private refreshEntity(k: string, ops: ReadonlyMap<string, Op>): void {
    const now = this.derived.get(k) ?? []
    const ids = new Set(now.map((r) => r.id))
    for (const r of this.prev.get(k) ?? []) if (!ids.has(r.id)) this.queue.remove(r.id)
    this.prev.delete(k)
    for (const r of now) this.queue.put(r)
    for (const r of this.storedOf.get(k) ?? []) {
      if (ids.has(r.id)) continue
      if (this.storedShows(r, ops)) this.queue.put(r)
      else if (this.queue.get(r.id) === r) this.queue.remove(r.id)
    }
  }

  /** A stored record speaks only for ops this device lacks: where it holds every op of the
   * record, the replica's own derivation decides (and has resolved it if it is gone). */
  private storedShows(r: ExceptionRecord, ops: ReadonlyMap<string, Op>): boolean {
    return r.facts.some((f) => !ops.has(f.op))
  }

  /** Everything again: the first read, a rebuild, a new bootstrap. */
  private rebuildQueue(ops: ReadonlyMap<string, Op>): void {
    this.queue.clear()
    this.prev.clear()
    for (const records of this.derived.values()) for (const r of records) this.queue.put(r)
    for (const r of this.other) this.queue.put(r)
    for (const r of this.stored) if (this.queue.get(r.id) === undefined && this.storedShows(r, ops)) this.queue.put(r)
    this.full = false
  }
}

/** The exception queue: by id, as a list sorted by id (code point), and by op. Updated in
 * place; `list()` hands out a fresh array only after a change (screens memo on it). */
class Queue {
  private readonly byId = new Map<string, ExceptionRecord>()
  private sorted: ExceptionRecord[] = []
  private handed: ExceptionRecord[] | null = null
  readonly byOp = new Map<string, ExceptionRecord[]>()

  get(id: string): ExceptionRecord | undefined {
    return this.byId.get(id)
  }

  put(r: ExceptionRecord): void {
    const old = this.byId.get(r.id)
    if (old === r) return
    if (old !== undefined) this.remove(r.id)
    this.byId.set(r.id, r)
    this.sorted.splice(this.at(r.id), 0, r)
    for (const f of r.facts) {
      const list = this.byOp.get(f.op)
      if (list === undefined) this.byOp.set(f.op, [r])
      else list.push(r)
    }
    this.handed = null
  }

  remove(id: string): void {
    const r = this.byId.get(id)
    if (r === undefined) return
    this.byId.delete(id)
    this.sorted.splice(this.at(id), 1)
    for (const f of r.facts) {
      const rest = (this.byOp.get(f.op) ?? []).filter((x) => x !== r)
      if (rest.length === 0) this.byOp.delete(f.op)
      else this.byOp.set(f.op, rest)
    }
    this.handed = null
  }

  clear(): void {
    this.byId.clear()
    this.sorted = []
    this.byOp.clear()
    this.handed = null
  }

  list(): ExceptionRecord[] {
    return (this.handed ??= this.sorted.slice())
  }

  /** index of the first record whose id is not below `id` */
  private at(id: string): number {
    let lo = 0
    let hi = this.sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (compareCodePoints(this.sorted[mid]!.id, id) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
