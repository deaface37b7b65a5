// The PWA's local state, measured in the page (bench/replica_apply.py drives it in Chromium):
// a warehouse day of 10,000 orders and 100,000 ops, then one new op at a time applied and the
// view made current (LocalReplica.feed + view: what every screen reads after a sync or a
// scan), against folding everything again in the same page (the refold this replaces).
// Bundled with esbuild into one script; `run` is called from Playwright.
import { LocalReplica } from '../pwa/src/view/replica'
import { horizonFor, Replica, type Op } from '../pwa/src/sync'
import { rng } from '../pwa/test/seeded'

export interface Options {
  orders: number
  /** ops per order on average (the day has orders × perOrder ops) */
  perOrder: number
  /** new ops to apply one by one */
  samples: number
  /** full refolds to time */
  refolds: number
}

export interface Result {
  orders: number
  ops: number
  exceptions: number
  buildMs: number
  apply: number[]
  /** kind of each applied op (to see what the slow ones were) */
  kinds: string[]
  refold: number[]
  /** the view as it was made before issue 10: the fold kept, but snapshot() and the indexes
   * rebuilt over every order on each change */
  resnapshot: number[]
  heapMb: number | null
}

const DEVICES = ['PDA-01', 'PDA-02', 'PDA-03', 'PDA-04', 'PDA-05', 'PDA-06', 'srv-1']
const SKUS = Array.from({ length: 300 }, (_, i) => `69${String(10000000000 + i * 7919).slice(0, 11)}`)
const CITIES = ['西安市', '苏州市', '杭州市', '成都市', '广州市', '北京市']

/** A synthetic day: create, print, picks, status steps, scan-out, notes, the odd change. */
function day(o: Options, r: () => number, t0: number) {
  const seqs = new Map<string, number>()
  let wall = t0
  const op = (device: string, kind: string, eid: string, payload: Op['payload']): Op => {
    const seq = (seqs.get(device) ?? 0) + 1
    seqs.set(device, seq)
    wall += 1 + Math.floor(r() * 3)
    return { device, seq, wall, ctr: 0, actor: device === 'srv-1' ? 'system' : 'K001', kind, etype: 'order', eid, payload }
  }
  const ops: Op[] = []
  const dev = () => DEVICES[Math.floor(r() * (DEVICES.length - 1))]!
  for (let i = 0; i < o.orders; i++) {
    const eid = `tb:TB${String(i).padStart(8, '0')}`
    const n = o.perOrder - 5 // besides create, print, two status steps and the scan-out
    const lines: Record<string, number> = {}
    for (let k = 0; k < 3; k++) lines[SKUS[Math.floor(r() * SKUS.length)]!] = 1 + Math.floor(r() * 2)
    const city = CITIES[i % CITIES.length]!
    ops.push(op('srv-1', 'order.create', eid, { lines, fields: { platform_order_no: eid.slice(3), recipient_name: '王芳', province: '省', city, district: '区', address_detail: `${i} 号`, carrier: '顺丰' } }))
    ops.push(op('srv-1', 'label.print', eid, { tracking: `SF${1_000_000_000 + i}` }))
    const held = r() < 0.05 // held for a while by customer service, released before packing
    const picks = Object.entries(lines) // every line picked in full: a clean parcel
    for (let k = 0; k < n; k++) {
      const x = r()
      if (held && k < 2) ops.push(op('srv-1', k === 0 ? 'order.hold' : 'order.release', eid, { reason: '核对地址' }))
      else if (k - (held ? 2 : 0) < picks.length) {
        const [sku, qty] = picks[k - (held ? 2 : 0)]!
        ops.push(op(dev(), 'pick.line_picked', eid, { sku, qty }))
      } else if (x < 0.6) ops.push(op('srv-1', 'order.set_field', eid, { field: 'flag_note', value: { by: 'C001', change: 'address', note: `n${k}` } }))
      else ops.push(op('srv-1', 'order.set_address', eid, { address: { city: CITIES[(i + k) % CITIES.length]!, address_detail: `${k} 号` } }))
    }
    ops.push(op(dev(), 'status.advance', eid, { to: 'picked' }))
    ops.push(op(dev(), 'status.advance', eid, { to: 'packed' }))
    ops.push(op(dev(), 'parcel.scan_out', eid, { tracking: `SF${1_000_000_000 + i}` }))
  }
  return { ops, next: (i: number): Op => {
    // What arrives during the day: scans (some duplicates), address changes, holds.
    const eid = `tb:TB${String(Math.floor(r() * o.orders)).padStart(8, '0')}`
    const x = r()
    if (x < 0.5) return op(dev(), 'parcel.scan_out', eid, { tracking: `SF${1_000_000_000 + Number(eid.slice(5))}` })
    if (x < 0.8) return op('srv-1', 'order.set_address', eid, { address: { city: CITIES[i % CITIES.length]!, address_detail: `新 ${i} 号` } })
    return op('srv-1', i % 2 ? 'order.hold' : 'order.release', eid, {})
  } }
}

export function run(o: Options): Result {
  const r = rng(20261207)
  const now = Date.now()
  const { ops, next } = day(o, r, now - 6 * 3_600_000)
  const at = () => now

  const t0 = performance.now()
  const local = new LocalReplica(at)
  local.feed(ops, true)
  let view = local.view(now)
  const buildMs = performance.now() - t0

  // Warm up the one-op path (V8 optimises it, as in a long-lived PWA), then measure.
  for (let i = 0; i < 50; i++) {
    local.feed([next(i)])
    view = local.view(now)
  }
  const apply: number[] = []
  const kinds: string[] = []
  for (let i = 0; i < o.samples; i++) {
    const op = next(1000 + i)
    kinds.push(op.kind)
    const s = performance.now()
    local.feed([op])
    view = local.view(now)
    apply.push(performance.now() - s)
    if (view.entries.get(op.eid)?.order === undefined) throw new Error(`the view lost ${op.eid}`)
  }

  // The baseline: the same state folded from scratch, as every data change did before.
  const all = [...view.ops.values()]
  const refold: number[] = []
  for (let i = 0; i < o.refolds; i++) {
    const s = performance.now()
    const again = new LocalReplica(at)
    again.feed(all, true)
    const v = again.view(now)
    refold.push(performance.now() - s)
    if (v.entries.size !== view.entries.size) throw new Error('refold disagrees')
  }
  // The second baseline: what the PWA did per change before (state.ts view(): snapshot() of
  // the whole replica, then the label and by-op indexes over every order), one op each time.
  const old = new Replica(horizonFor(now))
  old.apply(all)
  old.snapshot()
  const resnapshot: number[] = []
  for (let i = 0; i < o.refolds; i++) {
    const op = next(5000 + i)
    const s = performance.now()
    old.applyOne(op)
    const snap = old.snapshot()
    const labels = new Map<string, string>()
    for (const [eid, ord] of Object.entries(snap.orders)) {
      for (const [tracking, st] of Object.entries(ord.labels)) if (st === 'printed' || !labels.has(tracking)) labels.set(tracking, eid)
    }
    const byOp = new Map<string, unknown[]>()
    for (const e of snap.exceptions) for (const f of e.facts) byOp.set(f.op, [...(byOp.get(f.op) ?? []), e])
    resnapshot.push(performance.now() - s)
    if (labels.size === 0) throw new Error('no labels')
  }
  const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory
  return {
    orders: view.entries.size,
    ops: local.size,
    exceptions: view.exceptions.length,
    buildMs,
    apply,
    kinds,
    refold,
    resnapshot,
    heapMb: mem ? mem.usedJSHeapSize / 2 ** 20 : null,
  }
}
