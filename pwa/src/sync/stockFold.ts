// Fold of one stock entity (SKU or SKU@bin) through the escrow counter — mirrors
// sync/stock_fold.py, which explains the count merge: a `stock.count` (Q at t) takes as its
// book the ops that sort before t (a late pick from before t included, never twice), its
// difference Q - book applies at the manager's `stock.count_accept`, and a later count
// supersedes an open earlier one. `qc.inspect` sets or clears the spot-check mark.
import { ESCROW_EXCEEDED, type ExceptionRecord } from './errors'
import { Escrow } from './escrow'
import { makeRecord } from './invariants'
import { opId, type Op } from './op'
import { fromMap } from './value'

export type CountStatus = 'open' | 'matched' | 'accepted' | 'superseded'

export interface CountRecord {
  id: string
  at: number
  by: string
  qty: number
  book: number
  diff: number
  status: CountStatus
  accepted_by?: string
}

export interface QcMark {
  mark: boolean
  result: 'pass' | 'fail'
  at: number
  by: string
}

export interface StockView {
  on_hand: number
  granted: Record<string, number>
  spent: Record<string, number>
  counts?: CountRecord[]
  qc?: QcMark
  received?: { at: number; receipt: string }
}

export class StockFold {
  readonly escrow = new Escrow()
  readonly exceptions: ExceptionRecord[] = []
  readonly counts: CountRecord[] = []
  qc: QcMark | null = null
  received: { at: number; receipt: string } | null = null

  apply(op: Op): void {
    const p = op.payload
    switch (op.kind) {
      case 'stock.grant':
        this.escrow.grant(p.device as string, p.qty as number)
        break
      case 'stock.spend': {
        // Escrow.spend inline (the commonest stock op): one lookup per counter
        const e = this.escrow
        const qty = p.qty as number
        const device = op.device
        const granted = e.granted.get(device) ?? 0
        const spent = e.spent.get(device) ?? 0
        e.spent.set(device, spent + qty)
        e.onHand -= qty
        if (spent + qty > granted) {
          const detail = { device, granted, spent, qty }
          this.exceptions.push(makeRecord(ESCROW_EXCEEDED, [op], detail))
        }
        break
      }
      case 'stock.adjust':
        this.escrow.adjust(p.delta as number)
        break
      case 'stock.count':
        this.count(op)
        break
      case 'stock.count_accept':
        this.accept(op)
        break
      case 'stock.receive':
        this.escrow.adjust(p.qty as number)
        this.received = { at: op.wall, receipt: p.receipt as string }
        break
      case 'qc.inspect': {
        const result = p.result as 'pass' | 'fail'
        this.qc = { mark: result === 'pass', result, at: op.wall, by: op.actor }
        break
      }
    }
  }

  private count(op: Op): void {
    for (const c of this.counts) if (c.status === 'open') c.status = 'superseded'
    const book = this.escrow.onHand
    const qty = op.payload.qty as number
    const diff = qty - book
    const status = diff === 0 ? 'matched' : 'open'
    this.counts.push({ id: opId(op), at: op.wall, by: op.actor, qty, book, diff, status })
  }

  /** Apply an open count's difference; an accept of anything else changes nothing. */
  private accept(op: Op): void {
    const target = op.payload.count as string
    for (const c of this.counts) {
      if (c.id === target && c.status === 'open') {
        c.status = 'accepted'
        c.accepted_by = op.actor
        this.escrow.adjust(c.diff)
        return
      }
    }
  }

  /** `counts` and `qc` appear only once the entity has one (older snapshots keep their shape). */
  snapshot(): StockView {
    const e = this.escrow
    const out: StockView = { on_hand: e.onHand, granted: fromMap(e.granted), spent: fromMap(e.spent) }
    if (this.counts.length > 0) out.counts = this.counts.map((c) => ({ ...c }))
    if (this.qc !== null) out.qc = { ...this.qc }
    if (this.received !== null) out.received = { ...this.received }
    return out
  }
}
