// Op storage by (device, seq) for the replica's duplicate check.
import type { Op } from './op'

/** One device's ops by seq. Seqs count up from 1, so a dense array (direct indexing, no
 * hashing) holds them; a seq far beyond the array's end goes to a Map instead. */
export class SeqStore {
  private readonly dense: (Op | undefined)[] = []
  private sparse: Map<number, Op> | null = null

  get(seq: number): Op | undefined {
    const found = seq < this.dense.length ? this.dense[seq] : undefined
    return found !== undefined ? found : this.sparse?.get(seq)
  }

  set(seq: number, op: Op): void {
    // a seq lives in exactly one place: once parked in `sparse` it stays there, even
    // after the dense array has grown past it
    if (this.sparse?.has(seq)) {
      this.sparse.set(seq, op)
      return
    }
    const dense = this.dense
    if (seq < dense.length) dense[seq] = op
    else if (seq <= dense.length + 1024) {
      while (dense.length < seq) dense.push(undefined)
      dense.push(op)
    } else (this.sparse ??= new Map()).set(seq, op)
  }

  forEach(fn: (op: Op) => void): void {
    for (const op of this.dense) if (op !== undefined) fn(op)
    this.sparse?.forEach(fn)
  }
}
