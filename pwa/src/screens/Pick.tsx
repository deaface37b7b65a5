import { Component } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { feedback } from '../feedback'
import { useI18n, type T } from '../i18n'
import { opId } from '../sync'
import type { NewOp } from '../outbox/store'
import { currentLocal, useLocalData, type LocalData } from '../state'
import { recordOps } from '../syncclient/hub'
import { useCached } from '../useCached'
import { useScanner, type ScanSource } from '../scan/useScanner'
import { ScanBox, ScanSettings } from '../components/ScanBox'
import { pickListId, refsMap, type PrintRefs } from '../print/docs'
import { localWaves, nameFromCode, printRefsUrl } from '../print/waves'
import { pickUnit, planFor, shortageOps, signedBy, signOps, waveOfList, type Plan, type PlanLine } from '../pick/plan'
import { rules } from '../sync'

// 备货 on a phone: sign for a wave by scanning its list barcode (the handoff record), then pick
// its lines in the core's walk order (spot-checked SKUs first, then bins in walking order),
// one SKU scan per unit. Every verdict is the core's (pick/plan.ts → sync/picking.ts); this
// screen shows it big and colour-coded, with a sound, and writes the ops to the outbox.

type Kind = 'ok' | 'verify' | 'already' | 'over' | 'wrong' | 'unknown' | 'signed' | 'shortage' | 'exceeded' | 'failed' | 'nowave'
interface Result {
  kind: Kind
  code: string
  at: number
  op?: string
  text?: string
}

const WAVE_KEY = 'packline.pickWave'
const SKU_FORMATS = ['code_128', 'code_39', 'ean_13', 'ean_8', 'upc_a', 'qr_code', 'data_matrix']
const GOOD: ReadonlySet<Kind> = new Set(['ok', 'signed', 'shortage'])

function savedWave(): string | null {
  try {
    return localStorage.getItem(WAVE_KEY)
  } catch {
    return null
  }
}
function saveWave(code: string | null) {
  try {
    if (code) localStorage.setItem(WAVE_KEY, code)
    else localStorage.removeItem(WAVE_KEY)
  } catch {
    /* not remembered */
  }
}

interface Props {
  device: string
  actor: string
  warehouse: string
  token: string
}

export function Pick({ device, actor, warehouse, token }: Props) {
  const { t, lang } = useI18n()
  const data = useLocalData()
  const refs = useCached<PrintRefs>(printRefsUrl(), token)
  const [wave, setWaveState] = useState<string | null>(savedWave)
  const [result, setResult] = useState<Result | null>(null)
  const [verify, setVerify] = useState<string | null>(null)
  const [shortFor, setShortFor] = useState<string | null>(null)
  const queue = useRef<Promise<void>>(Promise.resolve())
  const refMap = useMemo(() => refsMap(refs.data), [refs.data])
  const snapshot = data?.view.snapshot
  const plan = useMemo(() => (snapshot && wave ? planFor(snapshot, wave, refMap) : null), [snapshot, wave, refMap])
  const signed = useMemo(() => (data && wave ? signedBy(data.view, data.view.snapshot, wave, actor) : false), [data, wave, actor])

  const setWave = (code: string | null) => {
    saveWave(code)
    setWaveState(code)
    setVerify(null)
    setShortFor(null)
  }

  const show = (r: Omit<Result, 'at'>) => {
    feedback(GOOD.has(r.kind))
    setResult({ ...r, at: Date.now() })
  }

  /** Write ops in order, each durable before the next; the last op's id. */
  const write = async (ops: NewOp[]): Promise<string | undefined> => {
    const done = await recordOps(ops)
    return done.length ? opId(done[done.length - 1]!) : undefined
  }

  // One scan at a time, in order: each is judged against the state including the one before.
  const run = (job: (local: LocalData) => Promise<void>) => {
    queue.current = queue.current.then(async () => {
      try {
        await job(await currentLocal())
      } catch (e) {
        show({ kind: 'failed', code: '', text: e instanceof Error ? e.message : String(e) })
      }
    })
  }

  const onScan = (raw: string, _source: ScanSource) => {
    const code = rules.normaliseTracking(raw)
    if (!code) return
    run(async (local) => {
      const s = local.view.snapshot
      const listWave = waveOfList(code, localWaves(s).map(([w]) => w))
      if (listWave) {
        // The list barcode: sign for the wave (the handoff record), and open it.
        setWave(listWave)
        const ops = signOps(local.view, s, listWave, actor, code)
        if (ops.length === 0) {
          show({ kind: 'already', code, text: t('pick.signedBefore') })
          return
        }
        show({ kind: 'signed', code, text: t('pick.signedNow', { orders: ops.length }) })
        const op = await write(ops)
        setResult((r) => (r && r.code === code ? { ...r, op } : r))
        return
      }
      const current = waveRef.current
      if (!current) {
        show({ kind: 'nowave', code })
        return
      }
      const p = planFor(s, current, refRef.current)
      const sku = code
      const verdict = pickUnit(p, s, sku, false, device, warehouse)
      if (verdict.kind === 'verify') {
        setVerify(sku)
        show({ kind: 'verify', code: sku })
        return
      }
      await confirmUnit(local, p, verdict, sku)
    })
  }

  const confirmUnit = async (local: LocalData, p: Plan, verdict: ReturnType<typeof pickUnit>, sku: string) => {
    if (verdict.kind !== 'ok') {
      show({ kind: verdict.kind === 'done' ? 'already' : verdict.kind, code: sku })
      return
    }
    setVerify(null)
    const kind: Kind = verdict.escrow === 'exceeded' ? 'exceeded' : 'ok'
    show({ kind, code: sku, text: p.bySku.get(sku)?.name })
    const op = await write(verdict.ops)
    setResult((r) => (r && r.code === sku ? { ...r, op } : r))
    void local
  }

  const onVerified = () => {
    const sku = verify
    if (!sku) return
    run(async (local) => {
      const current = waveRef.current
      if (!current) return
      const p = planFor(local.view.snapshot, current, refRef.current)
      await confirmUnit(local, p, pickUnit(p, local.view.snapshot, sku, true, device, warehouse), sku)
    })
  }

  const onShortage = (sku: string, qty: number, note: string) => {
    run(async (local) => {
      const current = waveRef.current
      if (!current) return
      const p = planFor(local.view.snapshot, current, refRef.current)
      const ops = shortageOps(p, sku, qty, note)
      if (ops.length === 0) {
        show({ kind: 'over', code: sku })
        return
      }
      setShortFor(null)
      show({ kind: 'shortage', code: sku, text: t('pick.shortRecorded', { qty, orders: ops.length }) })
      const op = await write(ops)
      setResult((r) => (r && r.code === sku ? { ...r, op } : r))
    })
  }

  // The queue's jobs read the wave and refs as they are when they run, not when queued.
  const waveRef = useRef(wave)
  waveRef.current = wave
  const refRef = useRef(refMap)
  refRef.current = refMap

  const scanner = useScanner(onScan)
  const waves = snapshot ? localWaves(snapshot) : []
  // The rows change only with the plan: a scan result re-renders the banner, not 500 rows.
  // (Their callbacks read the wave and refs through refs, so an older closure is still right.)
  const lines = useMemo(
    () => plan && <PickLines plan={plan} shortFor={shortFor} setShortFor={setShortFor} onShortage={onShortage} t={t} />,
    [plan, shortFor, lang],
  )

  return (
    <div class="scan pick" data-testid="pick-screen" data-wave={wave ?? ''} data-signed={signed ? 'true' : 'false'}>
      <PickBanner result={result} t={t} />
      {verify && (
        <div class="card verify" data-testid="pick-verify-panel" role="alertdialog">
          <p class="verify-text">{t('pick.verifyAsk', { sku: plan?.bySku.get(verify)?.name ?? verify })}</p>
          <div class="verify-actions">
            <button type="button" class="btn btn-primary btn-big" data-testid="pick-verify" onClick={onVerified}>{t('pick.verifyYes')}</button>
            <button type="button" class="btn" onClick={() => setVerify(null)}>{t('pick.verifyNo')}</button>
          </div>
        </div>
      )}
      <ScanBox scanner={scanner} label="pick.label" placeholder="pick.placeholder" submitLabel="pick.submit"
        cameraLabel="camera.scanParcel" formats={SKU_FORMATS} testid="pick" />

      {!wave || !plan ? (
        <WaveChooser waves={waves} onChoose={setWave} t={t} />
      ) : (
        <>
          <div class="pick-head card" data-testid="pick-head">
            <div class="pick-head-main">
              <strong>{nameFromCode(wave)}</strong>
              <span class="muted small mono">{pickListId(wave)}</span>
            </div>
            <div class="pick-progress" data-testid="pick-progress" data-picked={plan.pickedUnits} data-units={plan.units}>
              {t('pick.progress', { picked: plan.pickedUnits, units: plan.units })}
            </div>
            {!signed && <p class="pick-unsigned" data-testid="pick-unsigned">{t('pick.signHint', { list: pickListId(wave) })}</p>}
            <button type="button" class="btn btn-small" data-testid="pick-change-wave" onClick={() => setWave(null)}>{t('pick.otherWave')}</button>
          </div>
          {lines}
        </>
      )}
      <ScanSettings scanner={scanner} />
    </div>
  )
}

function WaveChooser({ waves, onChoose, t }: { waves: [string, number][]; onChoose: (w: string) => void; t: T }) {
  return (
    <section class="card" aria-labelledby="pick-waves-h">
      <h2 id="pick-waves-h">{t('pick.chooseWave')}</h2>
      <p class="muted small">{t('pick.chooseHint')}</p>
      {waves.length === 0 ? (
        <p class="muted">{t('pick.noWaves')}</p>
      ) : (
        <ul class="rows">
          {waves.slice(0, 12).map(([code, n]) => (
            <li key={code}>
              <button type="button" class="row" data-testid="pick-wave" data-wave={code} onClick={() => onChoose(code)}>
                <span class="row-main">
                  <span>{nameFromCode(code)}</span>
                  <span class="row-sub mono">{pickListId(code)} · {t('pick.orders', { n })}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

interface LinesProps {
  plan: Plan
  shortFor: string | null
  setShortFor: (sku: string | null) => void
  onShortage: (sku: string, qty: number, note: string) => void
  t: T
}

/** Rows painted at once; the rest follow in steps, so a 500-line list shows within a frame. */
const FIRST_ROWS = 24
const ROW_STEP = 120

export function PickLines({ plan, shortFor, setShortFor, onShortage, t }: LinesProps) {
  const total = plan.lines.length
  const [limit, setLimit] = useState(FIRST_ROWS)
  useEffect(() => {
    if (limit >= total) return
    const id = setTimeout(() => setLimit((n) => n + ROW_STEP), 0)
    return () => clearTimeout(id)
  }, [limit, total])
  return (
    <ol class="pick-lines" data-testid="pick-lines" data-rows={Math.min(limit, total)} data-total={total}>
      {plan.lines.slice(0, limit).map((ln) => (
        <PickRowPure key={ln.sku} ln={ln} open={shortFor === ln.sku} setShortFor={setShortFor} onShortage={onShortage} t={t} />
      ))}
    </ol>
  )
}

type RowProps = { ln: PlanLine; open: boolean } & Omit<LinesProps, 'plan' | 'shortFor'>

/** A row re-renders only when its own figures change: a pick re-plans the wave, and diffing
 * 500 unchanged rows after every scan kept a slow phone busy. */
class PickRowPure extends Component<RowProps> {
  shouldComponentUpdate(next: RowProps): boolean {
    const a = this.props.ln
    const b = next.ln
    return (
      next.open !== this.props.open || next.t('pick.short') !== this.props.t('pick.short') || a.sku !== b.sku || a.picked !== b.picked ||
      a.need !== b.need || a.short !== b.short || a.verified !== b.verified || a.name !== b.name ||
      a.location !== b.location || a.spot_checked !== b.spot_checked
    )
  }

  render() {
    return <PickRow {...this.props} />
  }
}

function lineState(ln: PlanLine): 'done' | 'short' | 'todo' {
  if (ln.picked >= ln.need) return ln.short > 0 ? 'short' : 'done'
  return 'todo'
}

function PickRow({ ln, open, setShortFor, onShortage, t }: RowProps) {
  const st = lineState(ln)
  const left = Math.max(0, ln.need - ln.picked)
  return (
    <li class={`pick-line pick-${st}`} data-testid="pick-line" data-sku={ln.sku} data-state={st}
      data-picked={ln.picked} data-need={ln.need} data-short={ln.short} data-spot={ln.spot_checked ? 'true' : 'false'}>
      <div class="pick-loc mono">{ln.location}</div>
      <div class="pick-item">
        <div class="pick-name">{ln.name}</div>
        <div class="pick-sub">
          <span class="mono">{ln.sku}</span>
          {ln.spec && <span> · {ln.spec}</span>}
        </div>
        <div class="pick-marks">
          <span class={`mark ${ln.spot_checked ? 'mark-good' : 'mark-warn'}`}>
            {ln.spot_checked ? t('pick.spotChecked') : ln.verified ? t('pick.verified') : t('pick.needsVerify')}
          </span>
          {ln.short > 0 && <span class="mark mark-alert" data-testid="pick-short-mark">{t('pick.shortMark', { n: ln.short })}</span>}
        </div>
      </div>
      <div class="pick-qty">
        <strong>{ln.picked}</strong>/{ln.need}
      </div>
      {left > 0 && !open && (
        <button type="button" class="btn btn-small pick-short-btn" data-testid="pick-short" onClick={() => setShortFor(ln.sku)}>
          {t('pick.short')}
        </button>
      )}
      {open && <ShortForm sku={ln.sku} max={left} onCancel={() => setShortFor(null)} onShortage={onShortage} t={t} />}
    </li>
  )
}

function ShortForm({ sku, max, onCancel, onShortage, t }: {
  sku: string; max: number; onCancel: () => void; onShortage: LinesProps['onShortage']; t: T
}) {
  const [qty, setQty] = useState(max)
  const [note, setNote] = useState('')
  const ok = Number.isInteger(qty) && qty >= 1 && qty <= max
  return (
    <form class="short-form" data-testid="short-form" onSubmit={(e) => { e.preventDefault(); if (ok) onShortage(sku, qty, note.trim()) }}>
      <p class="short-title">{t('pick.shortTitle')}</p>
      <label class="setting">
        <span>{t('pick.shortQty', { max })}</span>
        <input type="number" inputMode="numeric" min={1} max={max} value={qty} data-testid="short-qty"
          onInput={(e) => setQty(Number((e.target as HTMLInputElement).value))} />
      </label>
      <label class="setting">
        <span>{t('pick.shortNote')}</span>
        <input type="text" value={note} maxLength={80} data-testid="short-note" onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </label>
      <div class="verify-actions">
        <button type="submit" class="btn btn-primary" data-testid="short-submit" disabled={!ok}>{t('pick.shortSubmit')}</button>
        <button type="button" class="btn" onClick={onCancel}>{t('pick.verifyNo')}</button>
      </div>
    </form>
  )
}

export function PickBanner({ result, t }: { result: Result | null; t: T }) {
  if (!result) {
    return (
      <div class="scan-result scan-idle" data-testid="scan-result" data-kind="idle">
        <span class="scan-icon" aria-hidden="true">⌁</span>
        <div>
          <strong>{t('pick.ready')}</strong>
          <p>{t('pick.readyHint')}</p>
        </div>
      </div>
    )
  }
  const good = GOOD.has(result.kind)
  const warn = result.kind === 'verify' || result.kind === 'exceeded'
  const tone = good ? 'scan-ok' : warn ? 'scan-warn' : 'scan-bad'
  return (
    <div class={`scan-result ${tone}`} data-testid="scan-result" data-kind={result.kind} data-code={result.code}
      data-op={result.op} role="alert" key={result.at}>
      <span class="scan-icon" aria-hidden="true">{good ? '✓' : warn ? '!' : '✕'}</span>
      <div class="scan-text">
        <strong>{t(`pick.r.${result.kind}`)}</strong>
        <p class="scan-tracking">{result.code}</p>
        {result.text && <p>{result.text}</p>}
      </div>
    </div>
  )
}
