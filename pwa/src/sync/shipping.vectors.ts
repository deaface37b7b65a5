// The shipping rules' rows of the vector runner's table (tests/vectors/shipping.json).
import * as shipping from './shipping'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Args = any
export const SHIPPING_RULES: Record<string, (a: Args) => unknown> = {
  item_verdict: (a) => shipping.itemVerdict(a.lines, a.items),
  item_progress: (a) => shipping.itemProgress(a.lines, a.items),
  match_item: (a) => shipping.matchItem(a.lines, a.code),
  slip_step: (a) => shipping.slipStep(a.promotion),
  crate_due: (a) => shipping.crateDue(a.slots, a.handed, a.offset),
  crate_state: (a) => shipping.crateState(a.ship, a.now),
  courier_waiting: (a) => shipping.courierWaiting(a.ship),
  waiting_on: (a) => shipping.waitingOn(a.orders, a.carrier),
  batch_parcels: (a) => shipping.batchParcels(a.orders, a.carrier),
  is_freight: (a) => shipping.isFreight(a.fields),
  day_range: (a) => shipping.dayRange(a.now, a.offset),
  batch_check: (a) => shipping.batchCheck(a.scanned, a.counted),
  manifest_text: (a) => shipping.manifestText(a.batch, a.carrier, a.eids),
  parse_manifest: (a) => shipping.parseManifest(a.text),
  reconcile: (a) => shipping.reconcile(a.orders, a.start, a.end),
}
