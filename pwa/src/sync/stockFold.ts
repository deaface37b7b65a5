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
    }
  }

  snapshot(): StockView {
    const e = this.escrow
    return { on_hand: e.onHand, granted: fromMap(e.granted), spent: fromMap(e.spent) }
  }
}
