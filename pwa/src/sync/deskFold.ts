// Fold of one exception's desk entity — mirrors sync/desk_fold.py (the rules are in its
// docstring): assign is last-writer-wins, notes and notices are all kept, the first
// resolve in order-key order wins and takes the exception out of the open queue.
import type { ExceptionRecord } from './errors'
import type { Op } from './op'
import type { Value } from './value'

export type DeskEvent = { [k: string]: Value }

export interface DeskView {
  assignee: string | null
  resolved: DeskEvent | null
  trail: DeskEvent[]
}

function event(op: Op): DeskEvent {
  return { op: `${op.device}:${op.seq}`, actor: op.actor, device: op.device, wall: op.wall, ...op.payload, kind: op.kind }
}

export class DeskFold {
  readonly exceptions: ExceptionRecord[] = [] // a desk raises none
  assignee: DeskEvent | null = null
  resolved: DeskEvent | null = null
  readonly trail: DeskEvent[] = []

  apply(op: Op): void {
    const e = event(op)
    this.trail.push(e)
    if (op.kind === 'exception.assign') this.assignee = e
    else if (op.kind === 'exception.resolve' && this.resolved === null) this.resolved = e
  }

  snapshot(): DeskView {
    return { assignee: this.assignee === null ? null : (this.assignee.to as string), resolved: this.resolved, trail: this.trail.slice() }
  }
}
