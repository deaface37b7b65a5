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
  const linesOp = fold.linesOp
  const lines = fold.lines
  if (linesOp === null || lines === null) return out
  const total = fold.linesTotal
  const ops = fold.ops
  const n = fold.folded
  let k = 0 // accepted picks, gathered into the scratch lists
  for (let i = 0; i < n; i++) {
    const op = ops[i]!
    const kind = op.kind
    if (kind === 'pick.line_picked') {
      if (fold.accepted(op)) {
        picks[k] = op
        skus[k] = op.payload.sku as string
        qtys[k++] = op.payload.qty as number
      }
    } else if (kind === 'parcel.scan_out' && fold.accepted(op)) {
      const qty = op.payload.qty
      if (qty !== undefined && qty !== total) {
        out.push(makeRecord(QUANTITY_MISMATCH, [linesOp, op], { sku: null, expected: total, actual: qty }))
      }
    }
  }
  if (k > 0) overPicks(linesOp, lines, k, out)
  picks.fill(null, 0, k) // keep no ops alive (the lists keep their capacity)
  return out
}

const picks: (Op | null)[] = []
const skus: string[] = []
const qtys: number[] = []

/**
 * Walk the k accepted picks with a running sum per SKU; the first pick of a SKU whose sum
 * exceeds its line (0 if not ordered) is reported. Orders have a few lines and picks, so
 * both are matched by plain string compares: an SKU-keyed lookup in the payload's map (a
 * map with its own shape) would cost a string-table probe per pick. Long lists use Maps.
 */
function overPicks(linesOp: Op, lines: Readonly<Record<string, number>>, k: number, out: ExceptionRecord[]): void {
  const keys = Object.keys(lines)
  const vals = Object.values(lines) // same order as keys
  const index = keys.length > 8 ? new Map(keys.map((key, j) => [key, vals[j]!])) : null
  const running = k > 8 ? new Map<string, number>() : null
  let over: Map<string, ExceptionRecord> | null = null
  for (let i = 0; i < k; i++) {
    const sku = skus[i]!
    let sum = qtys[i]!
    if (running === null) for (let j = 0; j < i; j++) sum += skus[j] === sku ? qtys[j]! : 0
    else running.set(sku, (sum += running.get(sku) ?? 0))
    let expected = 0
    if (index !== null) expected = index.get(sku) ?? 0
    else for (let j = 0; j < keys.length; j++) if (keys[j] === sku) expected = vals[j]!
    if (sum > expected && !over?.has(sku)) {
      ;(over ??= new Map()).set(sku, makeRecord(QUANTITY_MISMATCH, [linesOp, picks[i]!], { sku, expected, actual: sum }))
    }
  }
  if (over !== null) for (const key of [...over.keys()].sort(compareCodePoints)) out.push(over.get(key)!)
}
