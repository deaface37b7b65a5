// One entity's sorted ops and their lazy fold (the replica's unit of work) — the
// TypeScript side of sync/materialise.py's _Entity.
import type { ExceptionRecord } from './errors'
import { insertionPoint } from './eventset'
import { quantityChecks } from './invariants'
import type { Op } from './op'
import { OrderFold } from './orderFold'
import type { StockFold } from './stockFold'
import type { DeskFold } from './deskFold'

/** Sorted ops of one entity; `fold` has consumed ops[0, done) unless `dirty`. Folding
 * waits for the next read: a batch fold of one entity's ops beat folding each op as it
 * arrives (measured), and an out-of-order op then costs nothing until someone looks. */
export class Entity<F extends OrderFold | StockFold | DeskFold> {
  readonly ops: Op[] = []
  fold: F | null = null // created at the first read
  done = 0
  dirty = false
  checks: ExceptionRecord[] | null = null
  constructor(readonly make: (ops: Op[]) => F) {}

  // order key of ops[ops.length - 1], kept here so an append need not touch that op
  private lastWall = -1
  private lastCtr = 0
  private lastDevice = ''
  private lastSeq = 0

  private sortsLast(op: Op): boolean {
    if (op.wall !== this.lastWall) return op.wall > this.lastWall
    if (op.ctr !== this.lastCtr) return op.ctr > this.lastCtr
    if (op.device !== this.lastDevice) return op.device > this.lastDevice
    return op.seq > this.lastSeq
  }

  insert(op: Op): void {
    const ops = this.ops
    const n = ops.length
    if (n === 0 || this.sortsLast(op)) {
      ops.push(op)
      this.lastWall = op.wall
      this.lastCtr = op.ctr
      this.lastDevice = op.device
      this.lastSeq = op.seq
      return
    }
    const i = insertionPoint(ops, op)
    ops.push(op) // shift the tail by hand: splice() allocates the (empty) removed list
    for (let j = n; j > i; j--) ops[j] = ops[j - 1]!
    ops[i] = op
    if (i < this.done) this.dirty = true
  }

  /** Fold lazily: only the new tail, or everything after an out-of-order insert. */
  fresh(): F {
    let fold = this.fold
    if (fold === null || this.dirty) {
      this.fold = fold = this.make(this.ops)
      this.done = 0
      this.dirty = false
    }
    const ops = this.ops
    if (this.done < ops.length) {
      for (let i = this.done; i < ops.length; i++) fold.apply(ops[i]!)
      this.done = ops.length
      this.checks = null
    }
    return fold
  }

  /** Take out the op `device:seq` (a released op moving to its release's clock). */
  remove(device: string, seq: number): boolean {
    const ops = this.ops
    const i = ops.findIndex((o) => o.seq === seq && o.device === device)
    if (i < 0) return false
    ops.splice(i, 1)
    this.dirty = true
    const last = ops[ops.length - 1]
    this.lastWall = last?.wall ?? -1
    this.lastCtr = last?.ctr ?? 0
    this.lastDevice = last?.device ?? ''
    this.lastSeq = last?.seq ?? 0
    return true
  }

  exceptions(): ExceptionRecord[] {
    const fold = this.fresh()
    if (this.checks === null) {
      const found = fold.exceptions.slice()
      if (fold instanceof OrderFold) quantityChecks(fold, found)
      this.checks = found
    }
    return this.checks
  }
}

