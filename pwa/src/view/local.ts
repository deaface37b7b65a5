// The local view every screen reads, kept current op by op: after the core's Replica applied
// new ops, only the entities they touched are re-read (Replica.takeTouched), and only their
// entries in the indexes change. Nothing here folds: the Replica is the one fold.
import {
  compareCodePoints, type ExceptionRecord, type Op, type OrderView, type Replica, type Snapshot, type StockView,
} from '../sync'
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
  /** entity key → the exceptions its fold derived at the last update (non-empty only) */
  private readonly derived = new Map<string, readonly ExceptionRecord[]>()
  private other: ExceptionRecord[] = []
  private stored: readonly ExceptionRecord[] = []
  private queue: ExceptionRecord[] = []
  private byOp = new Map<string, ExceptionRecord[]>()
  private dirty = true

  /** Exceptions the server sent with the bootstrap (they may involve compacted ops). */
  setStored(records: readonly ExceptionRecord[]): void {
    if (records === this.stored) return
    this.stored = records
    this.dirty = true
  }

  update(replica: Replica, ops: ReadonlyMap<string, Op>): LocalView {
    const touched = replica.takeTouched()
    if (touched.all) {
      for (const eid of Object.keys(this.orders)) delete this.orders[eid]
      for (const eid of Object.keys(this.stock)) delete this.stock[eid]
      this.entries.clear()
      this.labels.clear()
      this.derived.clear()
      this.dirty = true
    }
    for (const eid of touched.all ? replica.orderIds() : touched.orders) this.readOrder(replica, eid)
    for (const eid of touched.all ? replica.stockIds() : touched.stock) this.readStock(replica, eid)
    const other = replica.otherExceptions()
    if (other.length > 0 || this.other.length > 0) {
      this.other = other
      this.dirty = true
    }
    if (this.dirty) this.rebuildQueue(ops)
    return {
      snapshot: { orders: this.orders, stock: this.stock, exceptions: this.queue },
      entries: this.entries,
      labels: this.labels,
      byOp: this.byOp,
      ops,
      exceptions: this.queue,
    }
  }

  private readOrder(replica: Replica, eid: string): void {
    const o = replica.orderView(eid)
    if (o === undefined) return this.dropOrder(eid)
    const before = this.entries.get(eid)
    if (before) this.unlabel(eid, before.order)
    this.orders[eid] = o
    this.entries.set(eid, entryOf(eid, o))
    for (const [tracking, st] of Object.entries(o.labels)) {
      // A reprint gives the order a new label; the voided one still maps to its order.
      if (st === 'printed' || !this.labels.has(tracking)) this.labels.set(tracking, eid)
    }
    this.noteDerived(key('order', eid), replica.entityExceptions('order', eid))
  }

  private readStock(replica: Replica, eid: string): void {
    const s = replica.stockView(eid)
    if (s === undefined) delete this.stock[eid]
    else this.stock[eid] = s
    this.noteDerived(key('stock', eid), replica.entityExceptions('stock', eid))
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

  private noteDerived(k: string, records: readonly ExceptionRecord[]): void {
    const before = this.derived.get(k)
    if (records.length === 0) {
      if (before === undefined) return
      this.derived.delete(k)
    } else {
      if (before === records) return // the fold's cached list: nothing changed
      this.derived.set(k, records)
    }
    this.dirty = true
  }

  /** O(exceptions), and only when one changed: they are few next to orders and ops. */
  private rebuildQueue(ops: ReadonlyMap<string, Op>): void {
    const found = new Map<string, ExceptionRecord>()
    for (const records of this.derived.values()) for (const r of records) found.set(r.id, r)
    for (const r of this.other) found.set(r.id, r)
    // A stored record speaks only for ops this device lacks: where it holds every op of the
    // record, the replica's own derivation decides (and has resolved it if it is gone).
    for (const r of this.stored) {
      if (!found.has(r.id) && r.facts.some((f) => !ops.has(f.op))) found.set(r.id, r)
    }
    this.queue = [...found.keys()].sort(compareCodePoints).map((id) => found.get(id)!)
    const byOp = new Map<string, ExceptionRecord[]>()
    for (const e of this.queue) for (const f of e.facts) byOp.set(f.op, [...(byOp.get(f.op) ?? []), e])
    this.byOp = byOp
    this.dirty = false
  }
}
