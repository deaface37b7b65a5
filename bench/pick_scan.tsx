// The pick screen's two hot paths in the page (bench/pick_scan.py drives it in Chromium with
// the CPU slowed 4x): a keyboard-wedge burst's Enter to the painted scan result, and a
// 500-line pick list rendered. Built from the screen's own parts (useScanner, the plan and
// verdict of pick/plan.ts over a LocalReplica of 2,000 orders, PickBanner, PickLines), each
// beside a baseline in the same page: the same keys or the same state change with an empty
// handler / an empty list, so what is left is what the pick screen adds.
import { render } from 'preact'
import { useState } from 'preact/hooks'
import { LocalReplica } from '../pwa/src/view/replica'
import type { Op } from '../pwa/src/sync'
import type { SkuRef } from '../pwa/src/print/docs'
import { pickUnit, planFor, planOf, type Plan } from '../pwa/src/pick/plan'
import { useScanner } from '../pwa/src/scan/useScanner'
import { PickBanner, PickLines } from '../pwa/src/screens/Pick'
import { useI18n } from '../pwa/src/i18n'
import { rng } from '../pwa/test/seeded'

export const WAVE = 'SH01-20261207-080000-W'

export interface Built {
  orders: number
  ops: number
  lines: number
  skus: string[]
  buildMs: number
}

let plan: Plan | null = null
let snapshot: ReturnType<LocalReplica['view']>['snapshot'] | null = null
let refs = new Map<string, SkuRef>()

/** 2,000 printed orders of one wave over `skus` SKUs (a pick list of about that many lines). */
export function build(o: { orders: number; skus: number }): Built {
  const r = rng(20261207)
  const skus = Array.from({ length: o.skus }, (_, i) => `69${String(10000000000 + i * 7919).slice(0, 11)}`)
  refs = new Map(skus.map((b, i) => [b, {
    barcode: b, name: `商品 ${i} 号`, spec: `${100 + (i % 7) * 50}ml`, spot_checked: r() < 0.6,
    location: `${'ABCDEF'[i % 6]}-${String(1 + (i % 20)).padStart(2, '0')}-${String(1 + (i % 5)).padStart(2, '0')}`,
    walk_order: i,
  }]))
  const ops: Op[] = []
  let seq = 0
  let wall = Date.now() - 3_600_000
  const op = (kind: string, eid: string, payload: Op['payload']): Op =>
    ({ device: 'srv-1', seq: ++seq, wall: ++wall, ctr: 0, actor: 'system', kind, etype: 'order', eid, payload })
  for (let i = 0; i < o.orders; i++) {
    const eid = `tb:TB${String(i).padStart(8, '0')}`
    const lines: Record<string, number> = {}
    lines[skus[i % skus.length]!] = 1 + Math.floor(r() * 2) // every SKU on the list at least once
    for (let k = 0; k < 2; k++) lines[skus[Math.floor(r() * skus.length)]!] = 1 + Math.floor(r() * 2)
    ops.push(op('order.create', eid, { lines, fields: { platform_order_no: eid.slice(3), recipient_name: '王芳', city: '杭州市', carrier: 'SF', wave: WAVE, received_at: '2026-12-07T07:00:00+08:00' } }))
    ops.push(op('label.print', eid, { tracking: `SF${1_000_000_000 + i}` }))
  }
  const t0 = performance.now()
  const local = new LocalReplica(() => Date.now())
  local.feed(ops, true)
  snapshot = local.view(Date.now()).snapshot
  plan = planOf(snapshot, WAVE, refs)
  return { orders: Object.keys(snapshot.orders).length, ops: ops.length, lines: plan.lines.length, skus: plan.lines.map((l) => l.sku), buildMs: performance.now() - t0 }
}

/** Resolves just after the next frame is painted (rAF, then a task after it). */
function painted(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const ch = new MessageChannel()
      ch.port1.onmessage = () => resolve(performance.now())
      ch.port2.postMessage(0)
    })
  })
}

// ---- wedge Enter → painted result -------------------------------------------------------
const samples: { mode: string; ms: number; kind: string }[] = []
let enterAt = 0
let mode: 'pick' | 'empty' = 'pick'

function ScanBench() {
  const [result, setResult] = useState<{ kind: 'ok' | 'verify' | 'already' | 'over' | 'wrong'; code: string; at: number } | null>(null)
  const [tick, setTick] = useState(0)
  useScanner((code) => {
    if (mode === 'empty') {
      setTick((n) => n + 1) // the baseline: a handler that decides nothing, renders a number
      return
    }
    // The screen's path: the plan over the local state, the core's verdict, the banner.
    const p = planFor(snapshot!, WAVE, refs) // as the screen: planned once per local change
    const v = pickUnit(p, snapshot!, code, true, 'PDA-1', 'SH01')
    setResult({ kind: v.kind === 'done' ? 'already' : v.kind, code, at: performance.now() })
  })
  return (
    <div>
      <PickBanner result={result} t={useI18n().t} />
      <span data-testid="tick">{tick}</span>
    </div>
  )
}

export function mountScan(): void {
  const root = document.createElement('div')
  document.body.appendChild(root)
  render(<ScanBench />, root)
  // The Enter's own time (when the key was pressed), captured before the scanner sees it.
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      enterAt = e.timeStamp
      const m = mode
      void painted().then((t) => {
        const banner = document.querySelector('[data-testid=scan-result]')
        samples.push({ mode: m, ms: t - enterAt, kind: banner?.getAttribute('data-kind') ?? '' })
      })
    }
  }, true)
}

export function setMode(m: 'pick' | 'empty'): void {
  mode = m
}

export function takeSamples() {
  return samples.splice(0)
}

// ---- rendering the pick list ------------------------------------------------------------
function ListBench({ show }: { show: 'list' | 'empty' | 'none' }) {
  const { t } = useI18n()
  if (show === 'none') return null
  if (show === 'empty') return <ol class="pick-lines" />
  return <PickLines plan={plan!} shortFor={null} setShortFor={() => {}} onShortage={() => {}} t={t} />
}

const renderOnly: number[] = []
export const renderOnlyMs = () => renderOnly

/** Resolves once every row of the list is in the page and a frame was painted after it. */
async function allRows(root: HTMLElement): Promise<number> {
  for (;;) {
    const ol = root.querySelector('[data-testid=pick-lines]')
    const t = await painted()
    if (ol && ol.getAttribute('data-rows') === ol.getAttribute('data-total')) return t
  }
}

export async function renderList(rounds: number): Promise<{ list: number[]; full: number[]; empty: number[]; rows: number; firstRows: number }> {
  const root = document.createElement('div')
  document.body.appendChild(root)
  const list: number[] = []
  const full: number[] = []
  const empty: number[] = []
  let rows = 0
  let firstRows = 0
  for (let i = 0; i < rounds; i++) {
    for (const show of ['empty', 'list'] as const) {
      render(<ListBench show="none" />, root)
      await painted()
      const s = performance.now()
      render(<ListBench show={show} />, root)
      if (show === 'list') renderOnly.push(performance.now() - s)
      const t = await painted()
      ;(show === 'list' ? list : empty).push(t - s)
      if (show === 'list') {
        firstRows = root.querySelectorAll('[data-testid=pick-line]').length
        full.push((await allRows(root)) - s)
        rows = root.querySelectorAll('[data-testid=pick-line]').length
      }
    }
  }
  render(null, root)
  return { list, full, empty, rows, firstRows }
}

/** Re-planning the wave after a local change (what the screen does once per new data). */
export function replan(n: number): number[] {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const s = performance.now()
    planOf(snapshot!, WAVE, refs)
    out.push(performance.now() - s)
  }
  return out
}

export function heapMb(): number | null {
  const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory
  return mem ? mem.usedJSHeapSize / 2 ** 20 : null
}
