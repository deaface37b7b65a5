// The handoff sheet's signatures 订单交接表 from the local replica: a picker who signed by
// scanning the list barcode wrote one pick.sign per order of the wave, so the sheet shows
// the signature on any device that synced it, offline too, the twin of
// server/waves/signatures.py. Merged with the server's cached list (online signatures).
import type { LocalView, Snapshot } from '../state'
import { pickListId, waveOrders } from '../print/docs'
import type { HandoffOut } from '../print/waves'

export function localSignatures(view: LocalView, s: Snapshot, code: string, handedBy: string): HandoffOut[] {
  const by = new Map<string, { orders: Set<string>; first: number; doc: string }>()
  for (const [eid, o] of waveOrders(s, code)) {
    for (const id of o.events) {
      const op = view.ops.get(id)
      if (!op || op.kind !== 'pick.sign' || op.payload.wave !== code) continue
      const cur = by.get(op.actor) ?? { orders: new Set<string>(), first: op.wall, doc: '' }
      cur.orders.add(eid)
      if (op.wall <= cur.first) {
        cur.first = op.wall
        cur.doc = typeof op.payload.document === 'string' ? op.payload.document : cur.doc
      }
      by.set(op.actor, cur)
    }
  }
  return [...by].map(([actor, v]) => ({
    wave: code,
    document: v.doc || pickListId(code),
    handed_by: handedBy,
    received_by: actor,
    order_count: v.orders.size,
    signed_at: new Date(v.first).toISOString(),
  }))
}

/** One row per signer, the earlier signature wins; oldest first. */
export function mergeHandoffs(...lists: readonly HandoffOut[][]): HandoffOut[] {
  const out = new Map<string, HandoffOut>()
  for (const h of lists.flat()) {
    const prev = out.get(h.received_by)
    if (!prev || Date.parse(h.signed_at) < Date.parse(prev.signed_at)) out.set(h.received_by, h)
  }
  return [...out.values()].sort((a, b) => Date.parse(a.signed_at) - Date.parse(b.signed_at) || (a.received_by < b.received_by ? -1 : 1))
}
