// Fold of one order aggregate (its fields, labels, parcels, picks and deliveries) —
// mirrors sync/order_fold.py. Ops arrive in order-key order; see protocol §6 "Order fold".
import {
  DUPLICATE_SCAN,
  ORDER_CANCELLED,
  ORDER_ON_HOLD,
  VOIDED_LABEL_SCAN,
  type ExceptionKind,
  type ExceptionRecord,
} from './errors'
import { makeRecord } from './invariants'
import { HOLD_BLOCKED } from './kinds'
import { LABEL_STATUS, ORDER_STATUS, type LabelStatus, type OrderStatus } from './lattice'
import { LWWMap } from './lww'
import { compareOps, opId, type Op } from './op'
import { copyMap, fromMap, type Value, type ValueMap } from './value'

export interface OrderView {
  status: OrderStatus
  hold: boolean
  lines: Record<string, number> | null
  fields: Record<string, Value>
  labels: Record<string, LabelStatus>
  picked: Record<string, number>
  events: string[]
}

export class OrderFold {
  readonly fields = new LWWMap<Value>()
  /** "lines" and "hold" */
  readonly meta = new LWWMap<unknown>()
  status: OrderStatus = ORDER_STATUS.bottom
  cancel: Op | null = null
  readonly labels = new Map<string, LabelStatus>()
  readonly firstVoid = new Map<string, Op>()
  /** tracking → first accepted scan */
  readonly scans = new Map<string, Op>()
  readonly deliveries: Op[] = []
  readonly picks: Op[] = []
  readonly picked = new Map<string, number>()
  readonly events: string[] = []
  readonly exceptions: ExceptionRecord[] = []
  /** the winning `lines` as a dict() copy, and its item total (for the quantity checks) */
  lines: Record<string, number> | null = null
  linesTotal = 0

  private exc(kind: ExceptionKind, ops: Op[], detail: Record<string, unknown> = {}): void {
    this.exceptions.push(makeRecord(kind, ops, detail))
  }

  apply(op: Op): void {
    const kind = op.kind
    const p = op.payload
    switch (kind) {
      case 'order.create': {
        if (this.meta.set('lines', p.lines, op)) this.setLines(p.lines as Record<string, number>)
        const fields = p.fields as ValueMap | undefined
        if (fields !== undefined) for (const name of Object.keys(fields)) this.fields.set(name, fields[name]!, op)
        break
      }
      case 'order.set_field':
        this.fields.set(p.field as string, p.value!, op)
        break
      case 'order.set_address':
        this.fields.set('address', p.address!, op)
        break
      case 'order.hold':
      case 'order.release':
        this.meta.set('hold', kind === 'order.hold', op)
        break
      case 'order.cancel':
        this.doCancel(op)
        break
      case 'label.void':
        this.doVoid(op, p.tracking as string)
        break
      case 'pick.line_picked':
      case 'parcel.scan_out':
      case 'delivery.confirm':
        this.events.push(opId(op)) // events are listed whether accepted or not
        this.forward(op, kind, p)
        break
      default:
        this.forward(op, kind, p)
    }
  }

  private setLines(lines: Record<string, number>): void {
    const copy = copyMap(lines) // a fast dict: payload maps have data-chosen keys
    let total = 0
    for (const k in copy) total += copy[k]!
    this.lines = copy
    this.linesTotal = total
  }

  private doCancel(op: Op): void {
    if (this.cancel !== null) return
    this.cancel = op
    this.status = ORDER_STATUS.join(this.status, 'cancelled')
    const gone = [...this.scans.values(), ...this.deliveries].sort(compareOps)
    for (const ev of gone) this.exc(ORDER_CANCELLED, [op, ev])
  }

  private doVoid(op: Op, tracking: string): void {
    this.labels.set(tracking, LABEL_STATUS.join(this.labels.get(tracking) ?? 'printed', 'voided'))
    if (this.firstVoid.has(tracking)) return
    this.firstVoid.set(tracking, op)
    const scan = this.scans.get(tracking)
    if (scan !== undefined) this.exc(VOIDED_LABEL_SCAN, [op, scan], { tracking })
  }

  private forward(op: Op, kind: string, p: ValueMap): void {
    if (this.cancel !== null) {
      this.exc(ORDER_CANCELLED, [this.cancel, op])
      return
    }
    if (HOLD_BLOCKED.has(kind) && this.meta.get('hold') === true) {
      this.exc(ORDER_ON_HOLD, [this.meta.winner('hold')!, op])
      return
    }
    switch (kind) {
      case 'parcel.scan_out': {
        const tracking = p.tracking as string
        const voided = this.firstVoid.get(tracking)
        if (voided !== undefined) {
          this.exc(VOIDED_LABEL_SCAN, [voided, op], { tracking })
          return
        }
        const first = this.scans.get(tracking)
        if (first !== undefined) {
          this.exc(DUPLICATE_SCAN, [first, op], { tracking })
          return
        }
        this.scans.set(tracking, op)
        this.status = ORDER_STATUS.join(this.status, 'shipped')
        break
      }
      case 'label.print': {
        const tracking = p.tracking as string
        this.labels.set(tracking, LABEL_STATUS.join(this.labels.get(tracking) ?? 'printed', 'printed'))
        this.status = ORDER_STATUS.join(this.status, 'printed')
        break
      }
      case 'pick.line_picked': {
        const sku = p.sku as string
        this.picks.push(op)
        this.picked.set(sku, (this.picked.get(sku) ?? 0) + (p.qty as number))
        break
      }
      case 'status.advance':
        this.status = ORDER_STATUS.join(this.status, p.to as OrderStatus)
        break
      case 'delivery.confirm':
        this.deliveries.push(op)
        this.status = ORDER_STATUS.join(this.status, 'delivered')
        break
    }
  }

  /** Field names are few and repeat across orders, so a plain object (shared hidden
   * classes) beats a dict() here; names are `^[a-z][a-z0-9_]{0,31}$`, never "__proto__". */
  private fieldValues(): Record<string, Value> {
    const out: Record<string, Value> = {}
    this.fields.regs.forEach((r, k) => {
      out[k] = r.value
    })
    return out
  }

  snapshot(): OrderView {
    const lines = this.lines
    return {
      status: this.status,
      hold: this.meta.get('hold') === true,
      lines: lines === null ? null : copyMap(lines),
      fields: this.fieldValues(),
      labels: fromMap(this.labels),
      picked: fromMap(this.picked),
      events: this.events.slice(),
    }
  }
}
