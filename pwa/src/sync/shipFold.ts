// The order fold's shipping part (protocol v3) — twin of sync/ship_fold.py: items in a
// scan-out, crates, freight, batches and the courier's pickup. An order's snapshot gets
// `ship` only once one of these ops touched it, so v2 snapshots are unchanged.
import { QUANTITY_MISMATCH, SHIP_FAILED, WRONG_ITEM, type ExceptionKind } from './errors'
import { opId, type Op } from './op'
import { itemVerdict, type Fact, type ShipView } from './shipping'
import { compareCodePoints } from './value'

/** What ShipFold needs of the order fold. */
export interface ShipHost {
  readonly linesOp: Op | null
  readonly lines: Readonly<Record<string, number>> | null
  hasScans(): boolean
  exc(kind: ExceptionKind, a: Op, b: Op | null, detail?: Record<string, unknown>): void
  blocked(op: Op): boolean
}

export function fact(op: Op, ...keys: string[]): Fact {
  const out: Fact = { op: opId(op), wall: op.wall, actor: op.actor }
  for (const k of keys) if (Object.prototype.hasOwnProperty.call(op.payload, k)) out[k] = op.payload[k]
  return out
}

export class ShipFold {
  crate: { handoff?: Fact; signed?: Fact; returned?: Fact } = {}
  freight?: Fact
  batch?: Fact
  missed?: Fact
  pickup?: Fact
  waiting?: Fact

  snapshot(scans: Iterable<[string, Op]>): ShipView {
    const scanned: Record<string, Fact> = {}
    for (const [t, op] of scans) scanned[t] = fact(op, 'slip')
    const out: ShipView = { scanned }
    if (Object.keys(this.crate).length > 0) out.crate = { ...this.crate }
    if (this.freight) out.freight = this.freight
    if (this.batch) out.batch = this.batch
    if (this.missed) out.missed = this.missed
    if (this.pickup) out.pickup = this.pickup
    if (this.waiting) out.waiting = this.waiting
    return out
  }

  /** Fold one v3 shipping op (order-key order). */
  apply(host: ShipHost, op: Op): void {
    const p = op.payload
    switch (op.kind) {
      case 'crate.sign':
        this.crate.signed = fact(op)
        return
      case 'crate.return':
        this.crate.returned = fact(op)
        return
      case 'crate.wait':
        this.waiting ??= fact(op, 'carrier')
        return
      case 'batch.missed':
        if (this.missed === undefined) {
          this.missed = fact(op, 'batch', 'carrier')
          host.exc(SHIP_FAILED, op, null, { batch: p.batch, carrier: p.carrier, notify: 'cs' })
        }
        return
      case 'pickup.confirm':
        this.pickup ??= fact(op, 'batch', 'carrier', 'count', 'method')
        return
    }
    if (host.blocked(op)) return // crate.handoff, freight.handoff, batch.ship: not when stopped
    switch (op.kind) {
      case 'crate.handoff':
        this.crate.handoff = fact(op, 'packer', 'due')
        delete this.crate.returned // a new trip: the crate is out again
        return
      case 'freight.handoff':
        this.freight ??= fact(op, 'driver')
        return
      case 'batch.ship':
        if (!host.hasScans()) host.exc(SHIP_FAILED, op, null, { batch: p.batch, notify: 'cs' })
        else this.batch ??= fact(op, 'batch', 'carrier', 'count')
    }
  }
}

/** After the label's own verdict passed: true (and reported) if the items do not match. */
export function itemsRefusal(host: ShipHost, op: Op): boolean {
  const items = op.payload.items as Record<string, number>
  const lines = host.lines
  const verdict = itemVerdict(lines, items)
  if (verdict === 'ok') return false
  const detail: Record<string, unknown> = { tracking: op.payload.tracking, items: { ...items } }
  const first = host.linesOp
  if (verdict === 'wrong_item') {
    detail.wrong = Object.keys(items).filter((s) => !(lines && s in lines)).sort(compareCodePoints)
    host.exc(WRONG_ITEM, first ?? op, first ? op : null, detail)
  } else {
    detail.expected = { ...(lines ?? {}) }
    host.exc(QUANTITY_MISMATCH, first ?? op, first ? op : null, detail)
  }
  return true
}
