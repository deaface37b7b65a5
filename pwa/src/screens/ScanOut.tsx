import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { feedback } from '../feedback'
import { useI18n, type T } from '../i18n'
import { opId, type Op } from '../sync'
import { scanOutcome, normaliseTracking, scanOp, type ScanOutcome } from '../scan/scanout'
import {
  loadWedgeOptions, saveWedgeOptions, WEDGE_LIMITS, WedgeDetector, type WedgeOptions,
} from '../scan/wedge'
import { currentLocal, opStates, useLocalData, type LocalData } from '../state'
import { recordOp } from '../syncclient/hub'
import { CameraScanner } from '../components/CameraScanner'
import { OrderSummary } from '../components/OrderSummary'
import { OpPills } from '../components/OpPills'
import { formatTime } from '../time'
import { go } from '../router'

type Source = 'scanner' | 'typed' | 'camera'
type Result =
  | (ScanOutcome & { source: Source; op?: string; at: number })
  | { kind: 'failed'; tracking: string; detail: string; source: Source; at: number }

/** The same code twice within this window is the scanner bouncing, not a second scan. */
const BOUNCE_MS = 1500

const PARCEL_FORMATS = ['code_128', 'code_39', 'code_93', 'codabar', 'ean_13', 'itf', 'qr_code', 'data_matrix']

function isEditable(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT'
}

export function ScanOut({ device }: { device: string }) {
  const { t, lang } = useI18n()
  const data = useLocalData()
  const [code, setCode] = useState('')
  const [result, setResult] = useState<Result | null>(null)
  const [busy, setBusy] = useState(false)
  const [opts, setOpts] = useState<WedgeOptions>(loadWedgeOptions)
  const input = useRef<HTMLInputElement>(null)
  const detector = useMemo(() => new WedgeDetector(opts), [opts])
  const source = useRef<Source>('typed')
  const last = useRef<{ tracking: string; at: number } | null>(null)
  const queue = useRef<Promise<void>>(Promise.resolve())

  const submit = (raw: string, src: Source) => {
    const tracking = normaliseTracking(raw)
    if (!tracking) return
    const now = Date.now()
    if (last.current && last.current.tracking === tracking && now - last.current.at < BOUNCE_MS) return
    last.current = { tracking, at: now }
    // One scan at a time, in order: each is judged against the state including the one before.
    queue.current = queue.current.then(async () => {
      setBusy(true)
      try {
        const local = await currentLocal()
        const outcome = scanOutcome(local.view, tracking)
        if (outcome.kind === 'unknown') {
          feedback(false)
          setResult({ ...outcome, source: src, at: Date.now() })
          return
        }
        const op = await recordOp(scanOp(outcome))
        feedback(outcome.kind === 'ok')
        setResult({ ...outcome, source: src, op: opId(op), at: Date.now() })
      } catch (e) {
        feedback(false)
        setResult({ kind: 'failed', tracking, detail: e instanceof Error ? e.message : String(e), source: src, at: Date.now() })
      } finally {
        setBusy(false)
      }
    })
  }

  // A wedge scanner types wherever the focus is: catch fast bursts outside the input too.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const scanned = detector.key(e.key, e.timeStamp || performance.now())
      if (e.target === input.current) {
        if (e.key === 'Enter') source.current = scanned ? 'scanner' : 'typed'
        return
      }
      if (isEditable(e.target)) return
      if (scanned) {
        e.preventDefault()
        submit(scanned, 'scanner')
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [detector])

  useEffect(() => {
    input.current?.focus()
  }, [])

  const onSubmit = (e: Event) => {
    e.preventDefault()
    const value = code
    setCode('')
    submit(value, source.current)
    source.current = 'typed'
    input.current?.focus()
  }

  const noData = data !== undefined && data.view.labels.size === 0

  return (
    <div class="scan" data-testid="scan-screen">
      <Banner result={result} data={data} t={t} />

      <form class="scan-form" onSubmit={onSubmit}>
        <label for="scan-input" class="field-label">{t('scan.label')}</label>
        <div class="scan-row">
          <input
            id="scan-input"
            ref={input}
            class="big-input scan-input"
            data-testid="scan-input"
            value={code}
            placeholder={t('scan.placeholder')}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            enterkeyhint="go"
            maxLength={64}
            onInput={(e) => setCode((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="btn btn-primary scan-go" data-testid="scan-submit" disabled={!code.trim()}>
            {t('scan.submit')}
          </button>
        </div>
        <CameraScanner formats={PARCEL_FORMATS} label={t('camera.scanParcel')} onCode={(c) => submit(c, 'camera')} />
        {busy && <span class="sr-only">{t('state.loading')}</span>}
      </form>
      {noData && <p class="form-error" role="alert">{t('scan.notSynced')}</p>}

      <Recent data={data} device={device} t={t} lang={lang} />

      <details class="card settings">
        <summary>{t('scan.settings')}</summary>
        <label class="setting">
          <span>{t('scan.maxGap')}</span>
          <input type="number" inputMode="numeric" min={WEDGE_LIMITS.maxGapMs[0]} max={WEDGE_LIMITS.maxGapMs[1]}
            value={opts.maxGapMs} data-testid="wedge-gap"
            onChange={(e) => setOpts(saveWedgeOptions({ ...opts, maxGapMs: Number((e.target as HTMLInputElement).value) }))} />
        </label>
        <label class="setting">
          <span>{t('scan.minLength')}</span>
          <input type="number" inputMode="numeric" min={WEDGE_LIMITS.minLength[0]} max={WEDGE_LIMITS.minLength[1]}
            value={opts.minLength}
            onChange={(e) => setOpts(saveWedgeOptions({ ...opts, minLength: Number((e.target as HTMLInputElement).value) }))} />
        </label>
        <p class="muted small">{t('scan.settingsHint')}</p>
      </details>
    </div>
  )
}

function Banner({ result, data, t }: { result: Result | null; data?: LocalData; t: T }) {
  if (!result) {
    return (
      <div class="scan-result scan-idle" data-testid="scan-result" data-kind="idle">
        <span class="scan-icon" aria-hidden="true">⌁</span>
        <div>
          <strong>{t('scan.ready')}</strong>
          <p>{t('scan.readyHint')}</p>
        </div>
      </div>
    )
  }
  // The order as it is now (the local view), not as it was at the scan: a change synced
  // meanwhile (address, hold, cancel, reprint) shows here at once.
  const order = 'eid' in result ? data?.view.entries.get(result.eid) : undefined
  const no = 'eid' in result ? order?.no ?? result.eid : ''
  const ok = result.kind === 'ok'
  const headline = ok ? t('scan.okTitle') : result.kind === 'failed' ? t('scan.failedTitle') : t('scan.stopTitle')
  const message = {
    ok: t('scan.ok', { tracking: result.tracking, order: no }),
    already: t('scan.already', { tracking: result.tracking }),
    voided: t('scan.voided', { tracking: result.tracking }),
    hold: t('scan.hold', { order: no }),
    cancelled: t('scan.cancelled', { order: no }),
    unknown: t('scan.unknown', { tracking: result.tracking }),
    failed: t('scan.failed', { detail: result.kind === 'failed' ? result.detail : '' }),
  }[result.kind]
  return (
    <div class={`scan-result ${ok ? 'scan-ok' : 'scan-bad'}`} data-testid="scan-result" data-kind={result.kind}
      data-tracking={result.tracking} data-op={'op' in result ? result.op : undefined} role="alert" key={result.at}>
      <span class="scan-icon" aria-hidden="true">{ok ? '✓' : '✕'}</span>
      <div class="scan-text">
        <strong>{headline}</strong>
        <p class="scan-tracking">{result.tracking}</p>
        <p>{message}</p>
        {order && <p class="scan-order"><OrderSummary e={order} /></p>}
        {!ok && result.kind !== 'unknown' && result.kind !== 'failed' && <p class="scan-handoff">{t('scan.recorded')}</p>}
      </div>
    </div>
  )
}

function Recent({ data, device, t, lang }: { data?: LocalData; device: string; t: T; lang: 'zh-CN' | 'en' }) {
  if (!data) return null
  const states = opStates(data)
  const mine: Op[] = [...data.view.ops.values()]
    .filter((op) => op.device === device && op.kind === 'parcel.scan_out')
    .sort((a, b) => b.seq - a.seq)
    .slice(0, 8)
  return (
    <section class="card recent" aria-labelledby="recent-h">
      <h2 id="recent-h">{t('scan.recent')}</h2>
      {mine.length === 0 ? (
        <p class="muted">{t('scan.noRecent')}</p>
      ) : (
        <ul class="rows">
          {mine.map((op) => {
            const id = opId(op)
            const st = states.get(id) ?? 'synced'
            const exc = data.view.byOp.get(id) ?? []
            return (
              <li key={id}>
                <button type="button" class="row" data-testid="recent-scan" data-op={id} data-state={st}
                  onClick={() => go({ name: 'order', eid: op.eid })}>
                  <span class="row-main">
                    <span class="mono">{String(op.payload.tracking)}</span>
                    <span class="row-sub">{formatTime(op.wall, lang)} · {data.view.entries.get(op.eid)?.no ?? op.eid}</span>
                  </span>
                  <OpPills state={st} exceptions={exc} />
                </button>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
