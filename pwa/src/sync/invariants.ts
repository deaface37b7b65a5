// Exception records and the checks that need a whole folded entity — mirrors
// sync/invariants.py. Checks are deterministic functions of the sorted op set; record ids
// come from the op ids involved, so every replica derives the same, deduplicated queue.
import { QUANTITY_MISMATCH, type ExceptionKind, type ExceptionRecord } from './errors'
import { fact, opId, type Op } from './op'
import type { OrderFold } from './orderFold'
import { compareCodePoints } from './value'

export function makeRecord(kind: ExceptionKind, ops: readonly Op[], detail: Record<string, unknown>): ExceptionRecord {
  const last = ops[ops.length - 1]!
  let id = kind + ':'
  for (let i = 0; i < ops.length; i++) id += (i ? '|' : '') + opId(ops[i]!)
  return { id, kind, etype: last.etype, eid: last.eid, facts: ops.map(fact), detail }
}

/** Scan quantities and cumulative picks against the final order lines (appended to `out`). */
export function quantityChecks(fold: OrderFold, out: ExceptionRecord[] = []): ExceptionRecord[] {
  const linesOp = fold.meta.winner('lines')
  const lines = fold.lines
  if (linesOp === undefined || lines === null) return out
  const total = fold.linesTotal
  for (const scan of fold.scans.values()) {
    const qty = scan.payload.qty
    if (qty !== undefined && qty !== total) {
      out.push(makeRecord(QUANTITY_MISMATCH, [linesOp, scan], { sku: null, expected: total, actual: qty }))
    }
  }
  // A running sum can only exceed its line if the final sum does: most orders stop here.
  let excess = false
  fold.picked.forEach((qty, sku) => {
    if (qty > (lines[sku] ?? 0)) excess = true
  })
  if (!excess) return out
  const running = new Map<string, number>()
  const over = new Map<string, ExceptionRecord>()
  for (const pick of fold.picks) {
    const sku = pick.payload.sku as string
    const sum = (running.get(sku) ?? 0) + (pick.payload.qty as number)
    running.set(sku, sum)
    const expected = lines[sku] ?? 0
    if (sum > expected && !over.has(sku)) {
      over.set(sku, makeRecord(QUANTITY_MISMATCH, [linesOp, pick], { sku, expected, actual: sum }))
    }
  }
  for (const k of [...over.keys()].sort(compareCodePoints)) out.push(over.get(k)!)
  return out
}
