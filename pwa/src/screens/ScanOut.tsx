import { useRef, useState } from 'preact/hooks'
import { feedback } from '../feedback'
import { useI18n, type T } from '../i18n'
import { opId, type Op } from '../sync'
import { normaliseTracking, type ScanOutcome } from '../scan/scanout'
import { emptyParcel, loadParcel, saveParcel, scanCode, slipIn, stopShort, type Parcel, type Step } from '../scan/parcel'
import { useShipSettings } from '../shipSettings'
import { ParcelPanel, type ParcelWait } from '../components/ParcelPanel'
import { useScanner, type ScanSource } from '../scan/useScanner'
import { currentLocal, opStates, useLocalData, type LocalData } from '../state'
import { recordOp } from '../syncclient/hub'
import { ScanBox, ScanSettings } from '../components/ScanBox'
import { OrderSummary } from '../components/OrderSummary'
import { OpPills } from '../components/OpPills'
import { formatTime } from '../time'
import { go } from '../router'

type Source = ScanSource
type Result =
  | (ScanOutcome & { source: Source; op?: string; at: number })
  | { kind: 'failed'; tracking: string; detail: string; source: Source; at: number }
  | { kind: 'wrong_item' | 'quantity'; tracking: string; eid: string; source: Source; op?: string; at: number }
  | { kind: 'progress'; tracking: string; eid?: string; wait: ParcelWait; source: Source; at: number }

const PARCEL_FORMATS = ['code_128', 'code_39', 'code_93', 'codabar', 'ean_13', 'itf', 'qr_code', 'data_matrix']

export function ScanOut({ device }: { device: string }) {
  const { t, lang } = useI18n()
  const data = useLocalData()
  const [result, setResult] = useState<Result | null>(null)
  const [busy, setBusy] = useState(false)
  const queue = useRef<Promise<void>>(Promise.resolve())

  const settings = useShipSettings()
  const promo = useRef(settings.promotion)
  promo.current = settings.promotion
  const [parcel, setParcelState] = useState<Parcel>(() => loadParcel(device))
  const parcelRef = useRef(parcel)
  const setParcel = (p: Parcel) => {
    parcelRef.current = p
    saveParcel(device, p)
    setParcelState(p)
  }

  /** Record (or keep) what one step of the parcel says, and show it. */
  const apply = async (step: Step, tracking: string, src: Source) => {
    if (step.kind === 'unknown') {
      feedback(false)
      setResult({ kind: 'unknown', tracking: step.tracking, source: src, at: Date.now() })
      return
    }
    if (step.kind === 'open') {
      setParcel(step.parcel)
      feedback(true)
      setResult({ kind: 'progress', tracking: step.parcel.tracking ?? tracking, eid: step.parcel.eid, wait: step.wait, source: src, at: Date.now() })
      return
    }
    const op = await recordOp(step.op)
    setParcel(emptyParcel())
    feedback(step.verdict === 'ok')
    const t = String(step.op.payload.tracking)
    setResult({ kind: step.verdict, tracking: t, eid: step.op.eid, source: src, op: opId(op), at: Date.now() } as Result)
  }
  const run = (fn: () => Promise<void>, tracking: string, src: Source) => {
    // One scan at a time, in order: each is judged against the state including the one before.
    queue.current = queue.current.then(async () => {
      setBusy(true)
      try {
        await fn()
      } catch (e) {
        feedback(false)
        setResult({ kind: 'failed', tracking, detail: e instanceof Error ? e.message : String(e), source: src, at: Date.now() })
      } finally {
        setBusy(false)
      }
    })
  }
  const onSlip = () =>
    run(async () => {
      const local = await currentLocal()
      await apply(slipIn(local.view, parcelRef.current, promo.current), parcelRef.current.tracking ?? '', 'typed' as Source)
    }, parcelRef.current.tracking ?? '', 'typed' as Source)
  const onStop = () =>
    run(async () => {
      const step = stopShort(parcelRef.current)
      if (step) await apply(step, parcelRef.current.tracking ?? '', 'typed' as Source)
    }, parcelRef.current.tracking ?? '', 'typed' as Source)
  const onClear = () => {
    setParcel(emptyParcel())
    setResult(null)
  }

  const submit = (raw: string, src: Source) => {
    const tracking = normaliseTracking(raw)
    if (!tracking) return
    run(async () => {
      const local = await currentLocal()
      const open = parcelRef.current
      if (open.tracking !== undefined && open.tracking !== tracking && local.view.labels.has(tracking)) {
        // a new label while a parcel is unfinished: that parcel stops (short), never ships
        const stop = stopShort(open)
        if (stop) await recordOp(stop.op)
        setParcel(emptyParcel())
      }
      await apply(scanCode(local.view, parcelRef.current, tracking, promo.current), tracking, src)
    }, tracking, src)
  }

  // Wedge bursts wherever the focus is, the input and the camera: one debounced path.
  const scanner = useScanner(submit)

  const noData = data !== undefined && data.view.labels.size === 0

  return (
    <div class="scan" data-testid="scan-screen">
      <Banner result={result} data={data} t={t} />
      <ParcelPanel parcel={parcel} data={data} promotion={settings.promotion} onSlip={onSlip} onStop={onStop} onClear={onClear} />

      <ScanBox scanner={scanner} label="scan.label" placeholder="scan.placeholder" submitLabel="scan.submit"
        cameraLabel="camera.scanParcel" formats={PARCEL_FORMATS} />
      {busy && <span class="sr-only">{t('state.loading')}</span>}
      {noData && <p class="form-error" role="alert">{t('scan.notSynced')}</p>}

      <Recent data={data} device={device} t={t} lang={lang} />

      <ScanSettings scanner={scanner} />
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
  const eid = 'eid' in result ? result.eid : undefined
  const order = eid ? data?.view.entries.get(eid) : undefined
  const no = eid ? order?.no ?? eid : ''
  if (result.kind === 'progress') {
    return (
      <div class="scan-result scan-progress" data-testid="scan-result" data-kind={`wait-${result.wait}`}
        data-tracking={result.tracking} role="status" key={result.at}>
        <span class="scan-icon" aria-hidden="true">…</span>
        <div class="scan-text">
          <strong>{t(result.wait === 'label' ? 'parcel.waitLabel' : result.wait === 'slip' ? 'parcel.waitSlip' : 'parcel.waitItems')}</strong>
          <p class="scan-tracking">{result.tracking}</p>
          {order && <p class="scan-order"><OrderSummary e={order} /></p>}
        </div>
      </div>
    )
  }
  const ok = result.kind === 'ok'
  const headline = ok ? t('scan.okTitle') : result.kind === 'failed' ? t('scan.failedTitle') : t('scan.stopTitle')
  const message = {
    ok: t('scan.ok', { tracking: result.tracking, order: no }),
    already: t('scan.already', { tracking: result.tracking }),
    voided: t('scan.voided', { tracking: result.tracking }),
    hold: t('scan.hold', { order: no }),
    cancelled: t('scan.cancelled', { order: no }),
    unknown: t('scan.unknown', { tracking: result.tracking }),
    wrong_item: t('parcel.wrongItem', { order: no }),
    quantity: t('parcel.quantity', { order: no }),
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
