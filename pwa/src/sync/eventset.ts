// Append-only event sets (scans, picks, deliveries, photos, signatures, handoffs) —
// mirrors sync/event_set.py.
// Law: a grow-only set of ops keyed by op id; merge is set union, so duplicates collapse
// and order of arrival is irrelevant. Iteration is in order-key order; an event's time is
// its op's wall clock (the device's time of action), never the time of sync.
import { compareOps, opId, type Op } from './op'

export class EventSet {
  private readonly list: Op[] = []
  private readonly ids = new Set<string>()

  /** Insert; O(1) when the op sorts last. False for a duplicate. */
  add(op: Op): boolean {
    const id = opId(op)
    if (this.ids.has(id)) return false
    this.ids.add(id)
    const list = this.list
    if (list.length === 0 || compareOps(op, list[list.length - 1]!) > 0) list.push(op)
    else list.splice(insertionPoint(list, op), 0, op)
    return true
  }

  union(other: EventSet): EventSet {
    const out = new EventSet()
    for (const op of this.list) out.add(op)
    for (const op of other.list) out.add(op)
    return out
  }

  has(id: string): boolean {
    return this.ids.has(id)
  }

  get size(): number {
    return this.list.length
  }

  ops(): Op[] {
    return this.list.slice()
  }

  idList(): string[] {
    return this.list.map(opId)
  }
}

/** Index after every op that sorts at or before `op` (bisect_right). */
export function insertionPoint(list: readonly Op[], op: Op): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareOps(op, list[mid]!) < 0) hi = mid
    else lo = mid + 1
  }
  return lo
}
