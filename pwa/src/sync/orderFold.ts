// Fold of one order aggregate (its fields, labels, parcels, picks and deliveries) —
// mirrors sync/order_fold.py. Ops arrive in order-key order; see protocol §6 "Order fold".
//
// Replay speed lives here (a warehouse day folds ~200,000 ops into ~20,000 orders), and
// what it measured to hinge on is the number of objects per order (every survivor is
// copied by the young-generation GC): so scalars where the common order has one value
// (in-order LWW writes simply win, as in Python), status as a lattice rank, payload maps
// shared until a later write needs a copy, and events, picks and labels read back from
// the sorted op list at snapshot time instead of kept in per-order arrays and Maps.
import {
  CANCEL_AFTER_DELIVERY,
  DUPLICATE_SCAN,
  ORDER_CANCELLED,
  ORDER_ON_HOLD,
  VOIDED_LABEL_SCAN,
  type ExceptionKind,
  type ExceptionRecord,
} from './errors'
import { makeRecord } from './invariants'
import { ORDER_STATUS, type LabelStatus, type OrderStatus } from './lattice'
import { opId, type Op } from './op'
import { scanVerdict } from './rules'
import { compareCodePoints, copyMap, dict, type Value, type ValueMap } from './value'
import { SHIP_KINDS } from './kinds'
import { itemsRefusal, ShipFold, type ShipHost } from './shipFold'
import type { ShipView } from './shipping'

export interface OrderView {
  status: OrderStatus
  hold: boolean
  lines: Record<string, number> | null
  fields: Record<string, Value>
  labels: Record<string, LabelStatus>
  picked: Record<string, number>
  events: string[]
  /** sku → units short (protocol v3): present only while a shortage notice is open */
  shortage?: Record<string, number>
  /** SKUs a picker opened and verified (v3): present only when there is one */
  verified?: string[]
  /** v3 shipping facts, once a shipping op touched the order (shipFold.ts) */
  ship?: ShipView
}

// The order lattice as ranks: join = max, because its one terminal (cancelled) ranks
// above the whole chain (see StatusLattice).
const STATUS: readonly OrderStatus[] = [...ORDER_STATUS.chain, ...ORDER_STATUS.terminals]
const RANK = new Map<string, number>(STATUS.map((s, i) => [s, i]))
const PRINTED = RANK.get('printed')!
const SHIPPED = RANK.get('shipped')!
const DELIVERED = RANK.get('delivered')!
const CANCELLED = RANK.get('cancelled')!

export class OrderFold implements ShipHost {
  /** the ops, in order-key order; ops[0, folded) are folded */
  readonly ops: Op[]
  private readonly own: boolean
  private n = 0
  /** status rank (index in STATUS) */
  private rank = 0
  /** the first cancel, which rejects every later forward op */
  cancel: Op | null = null
  /** the op that made the order delivered (terminal: a later cancel is refused) */
  deliveredBy: Op | null = null
  /** the winning `order.hold` / `order.release` (null: hold never written) */
  holdOp: Op | null = null
  hold = false
  /** the op that wrote the winning `lines`, its map (the payload's, read-only) and total */
  linesOp: Op | null = null
  lines: Readonly<Record<string, number>> | null = null
  linesTotal = 0
  /** field values: a create's payload map until a later write needs an own copy */
  private fieldMap: Record<string, Value> | null = null
  private fieldsOwned = false
  /** first accepted scan per tracking: one op while all share a tracking, then a Map */
  private scan1: Op | null = null
  private scanMap: Map<string, Op> | null = null
  firstVoid: Map<string, Op> | null = null
  /** forward ops that were refused (rare): every other folded forward op was accepted */
  private rejected: Set<Op> | null = null
  private excs: ExceptionRecord[] | null = null
  /** v3 shipping facts (shipFold.ts); null until a shipping op arrives */
  ship: ShipFold | null = null

  /** `ops`: a list the caller keeps sorted and hands over op by op (`apply(ops[i])` for
   * i = 0, 1, ...); without it the fold keeps its own list of the ops applied. */
  constructor(ops?: Op[]) {
    this.ops = ops ?? []
    this.own = ops === undefined
  }

  get status(): OrderStatus {
    return STATUS[this.rank]!
  }

  get exceptions(): readonly ExceptionRecord[] {
    return this.excs ?? NONE
  }

  get folded(): number {
    return this.n
  }

  /** True unless the fold refused this (folded, forward) op. */
  accepted(op: Op): boolean {
    return this.rejected === null || !this.rejected.has(op)
  }

  /** Report a broken rule (one op, or two: the one that refuses and the one refused). */
  exc(kind: ExceptionKind, a: Op, b: Op | null, detail: Record<string, unknown> = {}): void {
    ;(this.excs ??= []).push(makeRecord(kind, b === null ? [a] : [a, b], detail))
  }

  hasScans(): boolean {
    return this.scan1 !== null || this.scanMap !== null
  }

  private refuse(kind: ExceptionKind, a: Op, b: Op, detail?: Record<string, unknown>): void {
    ;(this.rejected ??= new Set()).add(b)
    this.exc(kind, a, b, detail)
  }

  /** Fold the next op; ops must come in order-key order (the replica sorts them). */
  apply(op: Op): void {
    if (this.own) this.ops.push(op)
    const p = op.payload
    switch (op.kind) {
      case 'status.advance':
        if (this.cancel !== null) this.refuse(ORDER_CANCELLED, this.cancel, op)
        else this.reach(RANK.get(p.to as string)!, op)
        break
      case 'pick.line_picked': // an event: listed whether accepted or not (see snapshot)
        if (this.cancel !== null) this.refuse(ORDER_CANCELLED, this.cancel, op)
        break
      case 'order.set_field':
        this.setField(p.field as string, p.value!)
        break
      case 'label.print':
        if (!this.blocked(op)) this.join(PRINTED) // the label itself: see snapshot
        break
      case 'order.create':
        this.create(op, p)
        break
      case 'parcel.scan_out':
        this.scan(op, p.tracking as string)
        break
      case 'delivery.confirm':
        if (!this.blocked(op)) this.reach(DELIVERED, op)
        break
      case 'order.set_address':
        this.setField('address', p.address!)
        break
      case 'order.hold':
      case 'order.release':
        this.holdOp = op
        this.hold = op.kind === 'order.hold'
        break
      case 'order.cancel':
        this.doCancel(op)
        break
      case 'label.void':
        this.doVoid(op, p.tracking as string)
        break
      default:
        if (SHIP_KINDS.has(op.kind)) (this.ship ??= new ShipFold()).apply(this, op) // v3 shipping
    }
    this.n++
  }

  private join(rank: number): void {
    if (rank > this.rank) this.rank = rank
  }

  /** join, remembering the op that made the order delivered */
  private reach(rank: number, op: Op): void {
    if (rank <= this.rank) return
    this.rank = rank
    if (rank === DELIVERED) this.deliveredBy = op
  }

  private create(op: Op, p: ValueMap): void {
    const lines = p.lines as Record<string, number>
    let total = 0
    for (const q of Object.values(lines)) total += q
    this.linesOp = op
    this.lines = lines
    this.linesTotal = total
    const fields = p.fields as ValueMap | undefined
    if (fields === undefined) return
    if (this.fieldMap === null) this.fieldMap = fields // shared until written again
    else for (const name of Object.keys(fields)) this.setField(name, fields[name]!)
  }

  private setField(name: string, value: Value): void {
    let m = this.fieldMap
    if (!this.fieldsOwned) {
      // Object.assign, not a spread: a spread clone keeps the payload's hidden class, and
      // adding a field to that clone costs 20x more than to an object built up from {}
      this.fieldMap = m = Object.assign({}, m)
      this.fieldsOwned = true
    }
    m![name] = value // names match ^[a-z][a-z0-9_]{0,31}$: never "__proto__"
  }

  /** The first cancel reports every scan and delivery accepted before it (goods left).
   * Delivered is terminal too (protocol v2): a cancel after delivery changes nothing and is
   * reported, so goods handed over stay delivered. */
  private doCancel(op: Op): void {
    if (this.cancel !== null) return
    if (this.rank === DELIVERED) return this.exc(CANCEL_AFTER_DELIVERY, this.deliveredBy!, op)
    this.cancel = op
    this.rank = CANCELLED
    const ops = this.ops
    for (let i = 0; i < this.n; i++) {
      const ev = ops[i]!
      const k = ev.kind
      if ((k === 'parcel.scan_out' || k === 'delivery.confirm') && this.accepted(ev)) this.exc(ORDER_CANCELLED, op, ev)
    }
  }

  private doVoid(op: Op, tracking: string): void {
    const voids = (this.firstVoid ??= new Map())
    if (voids.has(tracking)) return
    voids.set(tracking, op)
    const scan = this.firstScan(tracking)
    if (scan !== undefined) this.exc(VOIDED_LABEL_SCAN, op, scan, { tracking })
  }

  /** Rules 1–2 for print, scan and delivery: a cancelled order rejects them, a held one
   * refuses them. The rejected op is reported, never dropped. */
  blocked(op: Op): boolean {
    if (this.cancel !== null) this.refuse(ORDER_CANCELLED, this.cancel, op)
    else if (this.hold) this.refuse(ORDER_ON_HOLD, this.holdOp!, op)
    else return false
    return true
  }

  private firstScan(tracking: string): Op | undefined {
    if (this.scanMap !== null) return this.scanMap.get(tracking)
    const one = this.scan1
    return one !== null && one.payload.tracking === tracking ? one : undefined
  }

  /** The core's scan verdict (rules.scanVerdict, what the scan screen says first); a
   * refused scan is reported against the op that refuses it. */
  private scan(op: Op, tracking: string): void {
    const voided = this.firstVoid?.get(tracking)
    const first = this.firstScan(tracking)
    const verdict = scanVerdict({ cancelled: this.cancel !== null, held: this.hold, voided: voided !== undefined, scanned: first !== undefined })
    if (verdict === 'voided') return this.refuse(VOIDED_LABEL_SCAN, voided!, op, { tracking })
    if (verdict === 'already') return this.refuse(DUPLICATE_SCAN, first!, op, { tracking })
    if (verdict !== 'ok') {
      this.blocked(op) // cancelled or held: the same report as print and delivery
      return
    }
    if (op.payload.items !== undefined) {
      // v3: the items packed are checked too, never forced
      this.ship ??= new ShipFold()
      if (itemsRefusal(this, op)) {
        ;(this.rejected ??= new Set()).add(op)
        return
      }
    }
    if (this.scan1 === null && this.scanMap === null) this.scan1 = op
    else {
      if (this.scanMap === null) {
        this.scanMap = new Map([[this.scan1!.payload.tracking as string, this.scan1!]])
        this.scan1 = null
      }
      this.scanMap.set(tracking, op)
    }
    this.join(SHIPPED)
  }

  snapshot(): OrderView {
    const ops = this.ops
    const n = this.n
    const events = scratch
    events.length = 0
    const labels = dict<LabelStatus>()
    let k = 0 // accepted picks, gathered into skus/qtys
    let shortage: Record<string, number> | null = null
    let verified: Set<string> | null = null
    for (let i = 0; i < n; i++) {
      const op = ops[i]!
      switch (op.kind) {
        case 'pick.line_picked':
          events.push(opId(op))
          if (this.accepted(op)) {
            skus[k] = op.payload.sku as string
            qtys[k++] = op.payload.qty as number
            if (op.payload.verified === true) (verified ??= new Set()).add(op.payload.sku as string)
          }
          break
        case 'pick.sign':
          events.push(opId(op))
          break
        case 'pick.shortage': {
          // the latest report per SKU wins (ops are in order-key order); 0 clears it
          events.push(opId(op))
          const sku = op.payload.sku as string
          const q = op.payload.qty as number
          shortage ??= dict<number>()
          if (q > 0) shortage[sku] = q
          else delete shortage[sku]
          break
        }
        case 'parcel.scan_out':
        case 'delivery.confirm':
          events.push(opId(op))
          break
        case 'label.print':
          if (this.accepted(op)) labels[op.payload.tracking as string] = 'printed'
      }
    }
    this.firstVoid?.forEach((_, tracking) => {
      labels[tracking] = 'voided' // a void absorbs every print of its label, before or after
    })
    const lines = this.lines
    const fields = this.fieldMap
    const view: OrderView = {
      status: STATUS[this.rank]!,
      hold: this.hold,
      lines: lines === null ? null : copyMap(lines),
      // field names repeat across orders, so a plain object (shared hidden classes) beats
      // a dict() here; the spread copies a payload map's shape in one go
      fields: fields === null ? {} : { ...fields },
      labels,
      picked: sums(k),
      events: events.slice(), // exact size: a pushed-to array keeps 17 slots
      ...(this.ship === null ? {} : { ship: this.ship.snapshot(this.scans()) }),
    }
    // only when there is one (v3): older snapshots keep their shape
    if (shortage !== null && Object.keys(shortage).length > 0) view.shortage = shortage
    if (verified !== null) view.verified = [...verified].sort(compareCodePoints)
    return view
  }

  /** accepted scans, tracking → op */
  private scans(): [string, Op][] {
    if (this.scanMap !== null) return [...this.scanMap]
    return this.scan1 === null ? [] : [[this.scan1.payload.tracking as string, this.scan1]]
  }
}

const scratch: string[] = []
const skus: string[] = []
const qtys: number[] = []

/**
 * SKU → total of the k gathered picks, each key written once: indexing a dict() by a
 * payload string costs a string-table probe per access (~100 ns), while an order's few
 * picks compare cheaply among themselves. Long lists sum in a Map first.
 */
function sums(k: number): Record<string, number> {
  const out = dict<number>()
  if (k > 16) {
    const m = new Map<string, number>()
    for (let i = 0; i < k; i++) m.set(skus[i]!, (m.get(skus[i]!) ?? 0) + qtys[i]!)
    m.forEach((q, sku) => {
      out[sku] = q
    })
    return out
  }
  next: for (let i = 0; i < k; i++) {
    const sku = skus[i]!
    for (let j = 0; j < i; j++) if (skus[j] === sku) continue next // summed already
    let q = qtys[i]!
    for (let j = i + 1; j < k; j++) if (skus[j] === sku) q += qtys[j]!
    out[sku] = q
  }
  return out
}

const NONE: readonly ExceptionRecord[] = Object.freeze([])
