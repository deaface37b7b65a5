import type { NewOp } from '../outbox/store'
import type { LocalView } from '../state'

// What a scan-out means, judged from this device's synced state before anything is written.
// The scan is recorded even when it breaks a rule (already scanned, voided label, hold,
// cancelled): scan-out is never forced, the parcel stops, and the recorded op raises the
// exception that hands it to the exception handler. Only an unknown label records nothing,
// because there is no order to attach it to.

export type ScanVerdict = 'ok' | 'already' | 'voided' | 'hold' | 'cancelled'
export type ScanOutcome =
  | { kind: ScanVerdict; tracking: string; eid: string }
  | { kind: 'unknown'; tracking: string }

/** Scanners and people add spaces, lower-case letters or a trailing newline. */
export function normaliseTracking(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase()
}

export function judgeScan(view: LocalView, rawTracking: string): ScanOutcome {
  const tracking = normaliseTracking(rawTracking)
  const eid = view.labels.get(tracking)
  const order = eid ? view.snapshot.orders[eid] : undefined
  if (!eid || !order) return { kind: 'unknown', tracking }
  if (order.status === 'cancelled') return { kind: 'cancelled', tracking, eid }
  if (order.hold) return { kind: 'hold', tracking, eid }
  if (order.labels[tracking] === 'voided') return { kind: 'voided', tracking, eid }
  const scanned = order.events.some((id) => {
    const op = view.ops.get(id)
    return op?.kind === 'parcel.scan_out' && op.payload.tracking === tracking
  })
  if (scanned) return { kind: 'already', tracking, eid }
  return { kind: 'ok', tracking, eid }
}

export function scanOp(o: { tracking: string; eid: string }): NewOp {
  return { kind: 'parcel.scan_out', etype: 'order', eid: o.eid, payload: { tracking: o.tracking } }
}
