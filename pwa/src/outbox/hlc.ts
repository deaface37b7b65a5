// The outbox persists the HLC inside the same IndexedDB transaction as the op, so it works on
// plain stamps: load `last`, step the sync core's Clock once, store the result.
// The clock rules themselves live in one place, src/sync/hlc.ts (docs/sync-protocol.md §3).
import { Clock, ClockSkewError, MAX_DRIFT_MS } from '../sync'

export { ClockSkewError, MAX_DRIFT_MS }

export interface Stamp {
  wall: number
  ctr: number
}

const clockAt = (last: Stamp, pt: number, maxDrift = MAX_DRIFT_MS) =>
  new Clock('local', () => pt, maxDrift, { wall: last.wall, ctr: last.ctr, node: 'local' })

export function hlcNow(last: Stamp, pt: number): Stamp {
  const { wall, ctr } = clockAt(last, pt).now()
  return { wall, ctr }
}

/** Throws ClockSkewError (clock unchanged) for a remote stamp too far in the future. */
export function hlcReceive(last: Stamp, remote: Stamp, pt: number, maxDrift = MAX_DRIFT_MS): Stamp {
  const { wall, ctr } = clockAt(last, pt, maxDrift).receive(remote)
  return { wall, ctr }
}
