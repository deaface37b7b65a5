import type { NewOp } from '../outbox/store'
import type { LocalView } from '../state'
import { rules } from '../sync'

// What a scan-out means, from this device's synced state before anything is written. The
// verdict is the core's rule (rules.judgeScan, the one the fold applies when the op lands);
// this module only looks up the facts it needs: which order has the label, and whether the
// label was scanned out before. The scan is recorded even when it breaks a rule (already
// scanned, voided label, hold, cancelled): scan-out is never forced, the parcel stops, and the
// recorded op raises the exception that hands it to the exception handler. Only an unknown
// label records nothing, because there is no order to attach it to.

export type ScanVerdict = Exclude<rules.ScanVerdict, 'unknown'>
export type ScanOutcome =
  | { kind: ScanVerdict; tracking: string; eid: string }
  | { kind: 'unknown'; tracking: string }

export const normaliseTracking = rules.normaliseTracking

export function scanOutcome(view: LocalView, rawTracking: string): ScanOutcome {
  const tracking = rules.normaliseTracking(rawTracking)
  const eid = view.labels.get(tracking)
  const order = eid ? view.snapshot.orders[eid] : undefined
  if (!eid || !order) return { kind: 'unknown', tracking }
  // v3: the fold lists the accepted scans (a parcel stopped for its items never counted);
  // before any v3 op touched the order, every scan-out of the label counts
  const scanned = order.ship
    ? Object.prototype.hasOwnProperty.call(order.ship.scanned, tracking)
    : order.events.some((id) => {
        const op = view.ops.get(id)
        return op?.kind === 'parcel.scan_out' && op.payload.tracking === tracking
      })
  const kind = rules.judgeScan(order, tracking, scanned)
  return kind === 'unknown' ? { kind, tracking } : { kind, tracking, eid }
}

export function scanOp(o: { tracking: string; eid: string }): NewOp {
  return { kind: 'parcel.scan_out', etype: 'order', eid: o.eid, payload: { tracking: o.tracking } }
}
