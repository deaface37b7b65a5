// Hybrid logical clock as pure functions over a persisted `last` (docs/sync-protocol.md §3),
// so the outbox can stamp and persist inside one IndexedDB transaction.
export const MAX_DRIFT_MS = 300_000
const MAX_CTR = 2 ** 32 - 1

export interface Stamp {
  wall: number
  ctr: number
}

export class ClockSkew extends Error {
  constructor(readonly wall: number, readonly limit: number) {
    super(`remote wall ${wall} is beyond ${limit}`)
  }
}

function fix(wall: number, ctr: number): Stamp {
  return ctr > MAX_CTR ? { wall: wall + 1, ctr: 0 } : { wall, ctr }
}

export function hlcNow(last: Stamp, pt: number): Stamp {
  return pt > last.wall ? { wall: pt, ctr: 0 } : fix(last.wall, last.ctr + 1)
}

export function hlcReceive(last: Stamp, remote: Stamp, pt: number, maxDrift = MAX_DRIFT_MS): Stamp {
  if (remote.wall > pt + maxDrift) throw new ClockSkew(remote.wall, pt + maxDrift)
  const wall = Math.max(last.wall, remote.wall, pt)
  let ctr: number
  if (wall === last.wall && wall === remote.wall) ctr = Math.max(last.ctr, remote.ctr) + 1
  else if (wall === last.wall) ctr = last.ctr + 1
  else if (wall === remote.wall) ctr = remote.ctr + 1
  else ctr = 0
  return fix(wall, ctr)
}
