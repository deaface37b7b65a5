// Last-writer-wins registers — mirrors sync/lww.py.
// Law: the value is that of the write with the greatest order key (HLC, then op id);
// merge is commutative, associative and idempotent, so any delivery order converges.
// Older writes are not deleted: their ops stay in the op set.
import { compareOps, type Op } from './op'
import { dict } from './value'

export interface Register<V> {
  readonly value: V
  readonly op: Op
}

/** The winning register of two writes (the later order key). */
export function mergeRegister<V>(a: Register<V>, b: Register<V>): Register<V> {
  return compareOps(b.op, a.op) > 0 ? b : a
}

/** Named registers (one per order field). */
export class LWWMap<V = unknown> {
  readonly regs = new Map<string, Register<V>>()

  /** Write; true if the write is now the winner. */
  set(name: string, value: V, op: Op): boolean {
    const cur = this.regs.get(name)
    if (cur === undefined || compareOps(op, cur.op) > 0) {
      this.regs.set(name, { value, op })
      return true
    }
    return false
  }

  get(name: string): V | undefined {
    return this.regs.get(name)?.value
  }

  winner(name: string): Op | undefined {
    return this.regs.get(name)?.op
  }

  values(): Record<string, V> {
    const out = dict<V>()
    this.regs.forEach((r, k) => {
      out[k] = r.value
    })
    return out
  }
}
