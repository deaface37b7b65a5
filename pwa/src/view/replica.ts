// The one place the op set is folded: the normative TypeScript twin of the sync core
// (src/sync/, docs/sync-protocol.md §6), the same rules the server runs. The local view on
// top of it (view/local.ts) is updated op by op, never refolded on a data change.
// No preact, no IndexedDB: state.ts feeds it, and bench/replica_apply.ts measures it alone.
import { horizonFor, opId, Replica, type ExceptionRecord, type Op } from '../sync'
import { ViewState, type LocalView } from './local'

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
