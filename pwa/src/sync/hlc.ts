// Hybrid logical clock (docs/sync-protocol.md §3) — mirrors sync/hlc.py: monotonic even
// when the wall clock jumps backwards, and refusing remote times too far in the future.
import { ClockSkewError } from './errors'
import { MAX_CTR } from './op'

/** How far ahead of the receiver's physical clock a remote timestamp may be (5 minutes). */
export const MAX_DRIFT_MS = 300_000

/** A timestamp; the total order is (wall ms, counter, node). */
export interface Hlc {
  readonly wall: number
  readonly ctr: number
  readonly node: string
}

export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1
  if (a.ctr !== b.ctr) return a.ctr < b.ctr ? -1 : 1
  if (a.node !== b.node) return a.node < b.node ? -1 : 1 // node ids are ASCII
  return 0
}

/** The materialisation horizon a replica with physical time `nowMs` should use. */
export function horizonFor(nowMs: number, maxDriftMs = MAX_DRIFT_MS): number {
  return nowMs + maxDriftMs
}

/** One device's clock. Persist `last` and pass it back in to survive restarts. */
export class Clock {
  last: Hlc

  constructor(
    readonly node: string,
    private readonly wallClock: () => number = Date.now,
    readonly maxDriftMs: number = MAX_DRIFT_MS,
    last?: Hlc | null,
  ) {
    this.last = last ?? { wall: 0, ctr: 0, node }
  }

  private set(wall: number, ctr: number): Hlc {
    if (ctr > MAX_CTR) {
      wall += 1
      ctr = 0
    }
    this.last = { wall, ctr, node: this.node }
    return this.last
  }

  /** Timestamp for a new local event. */
  now(): Hlc {
    const pt = this.wallClock()
    if (pt > this.last.wall) return this.set(pt, 0)
    return this.set(this.last.wall, this.last.ctr + 1)
  }

  /** Merge a remote timestamp; refuses (clock unchanged) one too far in the future. */
  receive(remote: Pick<Hlc, 'wall' | 'ctr'>): Hlc {
    const pt = this.wallClock()
    const limit = pt + this.maxDriftMs
    if (remote.wall > limit) throw new ClockSkewError(remote.wall, limit)
    const last = this.last
    const wall = Math.max(last.wall, remote.wall, pt)
    let ctr: number
    if (wall === last.wall && wall === remote.wall) ctr = Math.max(last.ctr, remote.ctr) + 1
    else if (wall === last.wall) ctr = last.ctr + 1
    else if (wall === remote.wall) ctr = remote.ctr + 1
    else ctr = 0
    return this.set(wall, ctr)
  }
}
