// Fold of one stock entity (SKU or SKU@bin) through the escrow counter — mirrors
// sync/stock_fold.py.
import { ESCROW_EXCEEDED, type ExceptionRecord } from './errors'
import { Escrow } from './escrow'
import { makeRecord } from './invariants'
import type { Op } from './op'
import { fromMap } from './value'

export interface StockView {
  on_hand: number
  granted: Record<string, number>
  spent: Record<string, number>
}

export class StockFold {
  readonly escrow = new Escrow()
  readonly exceptions: ExceptionRecord[] = []

  apply(op: Op): void {
    const p = op.payload
    switch (op.kind) {
      case 'stock.grant':
        this.escrow.grant(p.device as string, p.qty as number)
        break
      case 'stock.spend': {
        const e = this.escrow
        const qty = p.qty as number
        const granted = e.granted.get(op.device) ?? 0
        const spent = e.spent.get(op.device) ?? 0
        if (!e.spend(op.device, qty)) {
          const detail = { device: op.device, granted, spent, qty }
          this.exceptions.push(makeRecord(ESCROW_EXCEEDED, [op], detail))
        }
        break
      }
      case 'stock.adjust':
        this.escrow.adjust(p.delta as number)
        break
    }
  }

  snapshot(): StockView {
    const e = this.escrow
    return { on_hand: e.onHand, granted: fromMap(e.granted), spent: fromMap(e.spent) }
  }
}
