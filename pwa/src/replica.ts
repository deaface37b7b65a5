import type { Op } from './outbox/types'
import { opId } from './outbox/types'

// The local view of the op set. The full, normative Replica is the TypeScript sync core in
// src/sync/ (docs/sync-protocol.md §6); until it is wired in, this is a faithful subset of
// the order fold: labels, hold, cancel, scans and deliveries, and the exceptions they raise.
// Everything the UI needs goes through `buildReplica`, so swapping in the core is one place.

export interface Fact {
  op: string
  kind: string
  device: string
  actor: string
  wall: number
}

export interface SyncExceptionRecord {
  id: string
  kind: string
  etype: string
  eid: string
  facts: Fact[]
  detail: Record<string, unknown>
}

export interface OrderView {
  status: string
  hold: boolean
  labels: Record<string, 'printed' | 'voided'>
  fields: Record<string, unknown>
  events: string[]
}

export interface ReplicaView {
  orders: Map<string, OrderView>
  /** tracking number → order id (the order whose label carries it) */
  labels: Map<string, string>
  exceptions: SyncExceptionRecord[]
  /** op id → the exception kinds it is part of */
  byOp: Map<string, string[]>
}

const CHAIN = ['created', 'printed', 'picked', 'packed', 'shipped', 'delivered']
const cmp = (a: Op, b: Op) =>
  a.wall - b.wall || a.ctr - b.ctr || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0) || a.seq - b.seq

const fact = (op: Op): Fact => ({ op: opId(op), kind: op.kind, device: op.device, actor: op.actor, wall: op.wall })

function exc(kind: string, ops: Op[], detail: Record<string, unknown>): SyncExceptionRecord {
  const last = ops[ops.length - 1]!
  return { id: `${kind}:${ops.map(opId).join('|')}`, kind, etype: last.etype, eid: last.eid, facts: ops.map(fact), detail }
}

export function buildReplica(allOps: Op[]): ReplicaView {
  const byEntity = new Map<string, Op[]>()
  const seen = new Set<string>()
  for (const op of allOps) {
    const id = opId(op)
    if (seen.has(id) || op.etype !== 'order') continue
    seen.add(id)
    const list = byEntity.get(op.eid)
    if (list) list.push(op)
    else byEntity.set(op.eid, [op])
  }
  const orders = new Map<string, OrderView>()
  const labels = new Map<string, string>()
  const exceptions: SyncExceptionRecord[] = []
  for (const [eid, ops] of byEntity) {
    ops.sort(cmp)
    const o: OrderView = { status: 'created', hold: false, labels: {}, fields: {}, events: [] }
    let holdOp: Op | null = null
    let cancel: Op | null = null
    const voids = new Map<string, Op>()
    const scans = new Map<string, Op[]>() // accepted scans per tracking
    const accepted: Op[] = []
    const join = (to: string) => {
      if (o.status === 'cancelled') return
      if (CHAIN.indexOf(to) > CHAIN.indexOf(o.status)) o.status = to
    }
    for (const op of ops) {
      const p = op.payload
      const tracking = typeof p.tracking === 'string' ? p.tracking : undefined
      switch (op.kind) {
        case 'order.create':
          if (p.fields && typeof p.fields === 'object') Object.assign(o.fields, p.fields)
          continue
        case 'order.set_field':
          if (typeof p.field === 'string') o.fields[p.field] = p.value
          continue
        case 'order.set_address':
          o.fields.address = p.address
          continue
        case 'order.hold':
          o.hold = true
          holdOp = op
          continue
        case 'order.release':
          o.hold = false
          holdOp = op
          continue
        case 'order.cancel':
          if (!cancel) {
            cancel = op
            o.status = 'cancelled'
            for (const e of accepted) {
              if (e.kind === 'parcel.scan_out' || e.kind === 'delivery.confirm') exceptions.push(exc('order_cancelled', [op, e], {}))
            }
          }
          continue
        case 'label.void':
          if (tracking) {
            if (!voids.has(tracking)) {
              voids.set(tracking, op)
              for (const s of scans.get(tracking) ?? []) exceptions.push(exc('voided_label_scan', [op, s], { tracking }))
            }
            o.labels[tracking] = 'voided'
            labels.set(tracking, eid)
          }
          continue
      }
      const event = op.kind === 'parcel.scan_out' || op.kind === 'delivery.confirm' || op.kind === 'pick.line_picked'
      if (event) o.events.push(opId(op))
      if (cancel) {
        exceptions.push(exc('order_cancelled', [cancel, op], {}))
        continue
      }
      if ((op.kind === 'label.print' || op.kind === 'parcel.scan_out' || op.kind === 'delivery.confirm') && o.hold && holdOp) {
        exceptions.push(exc('order_on_hold', [holdOp, op], {}))
        continue
      }
      if (op.kind === 'parcel.scan_out' && tracking) {
        const v = voids.get(tracking)
        if (v) {
          exceptions.push(exc('voided_label_scan', [v, op], { tracking }))
          continue
        }
        const prior = scans.get(tracking)
        if (prior?.length) {
          exceptions.push(exc('duplicate_scan', [prior[0]!, op], { tracking }))
          continue
        }
        scans.set(tracking, [op])
      }
      accepted.push(op)
      if (op.kind === 'label.print' && tracking) {
        if (o.labels[tracking] !== 'voided') o.labels[tracking] = 'printed'
        labels.set(tracking, eid)
        join('printed')
      } else if (op.kind === 'parcel.scan_out') join('shipped')
      else if (op.kind === 'delivery.confirm') join('delivered')
      else if (op.kind === 'status.advance' && typeof p.to === 'string') join(p.to)
    }
    orders.set(eid, o)
  }
  exceptions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const byOp = new Map<string, string[]>()
  for (const e of exceptions) for (const f of e.facts) byOp.set(f.op, [...(byOp.get(f.op) ?? []), e.kind])
  return { orders, labels, exceptions, byOp }
}
