// The op envelope of docs/sync-protocol.md §1 (field order matters for canonical encoding).
export type Value = null | boolean | number | string | Value[] | { [k: string]: Value }

export interface Op {
  device: string
  seq: number
  wall: number
  ctr: number
  actor: string
  kind: string
  etype: string
  eid: string
  payload: { [k: string]: Value }
}

export const opId = (op: Pick<Op, 'device' | 'seq'>): string => `${op.device}:${op.seq}`

/** Build an envelope with the fields in protocol order. */
export function envelope(o: Op): Op {
  return {
    device: o.device, seq: o.seq, wall: o.wall, ctr: o.ctr, actor: o.actor,
    kind: o.kind, etype: o.etype, eid: o.eid, payload: o.payload,
  }
}
