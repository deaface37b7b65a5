import { useMemo, useRef, useState } from 'preact/hooks'
import { overviewUrl, type Overview } from '../api'
import { post } from '../http/client'
import { HttpError } from '../http/errors'
import { useI18n, type MessageKey } from '../i18n'
import { useOnline } from '../net'
import { checkBarcodes, type CheckResult } from '../print/check'
import { orderNo } from '../components/labels'
import { needsReprint, pickListId, refsMap, sortListId, type PrintRefs } from '../print/docs'
import { LABEL_SIZES, printableLabels, printStamp, type LabelSize } from '../print/labels'
import { type DocKind } from '../print/ListDocs'
import { WaveDocs } from '../print/WaveDocs'
import { localWaves, printRefsUrl, startWave, waveMeta, wavesUrl, type WaveOut } from '../print/waves'
import { ShippingLabel } from '../print/ShippingLabel'
import { useLocalData } from '../state'
import { syncNow } from '../syncclient/hub'
import { formatTime } from '../time'
import { useCached } from '../useCached'
import { NoData } from '../components/StateView'
import '../print/print.css'

type Kind = 'labels' | DocKind
const KINDS: Kind[] = ['labels', 'pick-list', 'sort-list', 'packing-slips', 'handoff-sheet']
const SIZE_KEY = 'packline.labelSize'
const KIND_KEY = 'packline.printDoc'
const PAGE = 50

function saved<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const s = localStorage.getItem(key)
    if (s && (allowed as readonly string[]).includes(s)) return s as T
  } catch {
    /* storage blocked */
  }
  return fallback
}
function remember(key: string, value: string) {
  try {
    localStorage.setItem(key, value)
  } catch {
    /* not remembered */
  }
}

/** CSS @page for what is on screen: the label stock, or A4 with the PDF's footer and page x/y. */
function pageCss(kind: Kind, size: LabelSize, footer: string): string {
  if (kind === 'labels') return `@page { size: ${LABEL_SIZES[size].w}mm ${LABEL_SIZES[size].h}mm; margin: 0; }`
  const foot = '@bottom-left { content: "' + footer.replace(/["\\]/g, '') + '"; font-size: 3mm; }'
  const pages = kind === 'packing-slips' ? '' : '@bottom-center { content: "第 " counter(page) " / " counter(pages) " 页"; font-size: 3mm; }'
  return `@page { size: A4; margin: 12mm 12mm 14mm; ${kind === 'packing-slips' ? '' : foot} ${pages} }`
}

const reprint = (eid: string, token: string) =>
  post<unknown>(`/api/orders/${encodeURIComponent(eid)}/reprint`, { reason: '改单重打' }, { token })

/** Every wave document and the shipping labels, from the local replica: prints offline. */
export function Print({ warehouse, token }: { warehouse: string; token: string }) {
  const { t, lang } = useI18n()
  const data = useLocalData()
  const online = useOnline()
  const server = useCached<Overview>(overviewUrl(warehouse), token)
  const refs = useCached<PrintRefs>(printRefsUrl(), token)
  const waves = useCached<WaveOut[]>(wavesUrl(), token)
  const [kind, setKind] = useState<Kind>(() => saved(KIND_KEY, KINDS, 'labels'))
  const [size, setSize] = useState<LabelSize>(() => saved(SIZE_KEY, ['76x130', '100x150'] as const, '76x130'))
  const [chosen, setChosen] = useState<string | null>(null)
  const [q, setQ] = useState('')
  const [limit, setLimit] = useState(PAGE)
  const [check, setCheck] = useState<CheckResult | 'running' | null>(null)
  // Kept as a message key, so the note follows a language switch.
  const [note, setNote] = useState<{ ok: boolean; key: MessageKey; params: Record<string, string | number>; wave?: string } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const sheet = useRef<HTMLDivElement>(null)
  const info = server.data?.warehouse
  const tz = refs.data?.timezone ?? info?.timezone ?? 'Asia/Shanghai'
  const whName = refs.data?.warehouse ?? info?.name ?? warehouse
  const stamp = useMemo(() => printStamp(tz), [tz, data])
  const snapshot = data?.view.snapshot

  const labels = useMemo(() => {
    if (!snapshot || kind !== 'labels') return []
    const all = printableLabels(snapshot, whName, stamp)
    const needle = q.trim().toUpperCase()
    if (!needle) return all
    return all.filter((l) => [l.orderNo, l.trackingNo, l.eid, l.recipientName].some((h) => h.toUpperCase().includes(needle)))
  }, [snapshot, whName, stamp, q, kind])
  const local = useMemo(() => (snapshot ? localWaves(snapshot) : []), [snapshot])
  const code = chosen && local.some(([c]) => c === chosen) ? chosen : local[0]?.[0]
  const meta = useMemo(() => (code && data ? waveMeta(code, waves.data, data.view.ops.values(), tz) : null), [code, data, waves.data, tz])
  const reprints = useMemo(() => (snapshot ? needsReprint(snapshot) : []), [snapshot])
  const skuRefs = useMemo(() => refsMap(refs.data), [refs.data])

  const reset = () => {
    setCheck(null)
    setLimit(PAGE)
  }
  const choose = (k: Kind) => {
    setKind(k)
    remember(KIND_KEY, k)
    reset()
  }
  const runCheck = async () => {
    if (!sheet.current) return
    setCheck('running')
    try {
      setCheck(await checkBarcodes(sheet.current))
    } catch {
      setCheck({ engine: 'none', ok: 0, total: -1 })
    }
  }
  const start = async () => {
    setBusy('wave')
    setNote(null)
    try {
      const w = await startWave(token)
      setChosen(w.code)
      setNote({ ok: true, key: 'print.started', params: { name: w.name, n: w.order_count }, wave: w.code })
      waves.refresh()
      refs.refresh()
      syncNow()
    } catch (e) {
      // server/waves/operations.py NOTHING_TO_START: said plainly, not as a failure code
      if (e instanceof HttpError && e.status === 409 && e.detail.startsWith('nothing to print')) setNote({ ok: false, key: 'print.nothingToStart', params: {} })
      else setNote({ ok: false, key: 'print.startFailed', params: { detail: e instanceof HttpError ? e.detail : String(e) } })
    } finally {
      setBusy(null)
    }
  }
  const redo = async (eid: string) => {
    setBusy(eid)
    setNote(null)
    try {
      await reprint(eid, token)
      syncNow()
    } catch (e) {
      setNote({ ok: false, key: 'print.reprintFailed', params: { detail: e instanceof HttpError ? e.detail : String(e) } })
    } finally {
      setBusy(null)
    }
  }

  if (!data || !snapshot) return <NoData loading onRetry={() => {}} />
  const shown = labels.slice(0, limit)
  const footer = kind === 'labels' || !code ? '' : `${t(`print.doc.${kind}`)} ${kind === 'handoff-sheet' ? code : kind === 'sort-list' ? sortListId(code) : pickListId(code)}`
  const checked = check && check !== 'running' ? check : null
  return (
    <div class="print-view" data-testid="print-view" data-size={size} data-doc={kind}>
      <style>{pageCss(kind, size, footer)}</style>
      <div class="print-controls">
        {!online && <p class="muted small" data-testid="print-offline">{t('print.offlineHint')}</p>}
        {reprints.length > 0 && (
          <div class="reprint-panel" data-testid="print-reprint" data-count={reprints.length} role="status">
            <h3>{t('print.reprintTitle', { n: reprints.length })}</h3>
            <ul>
              {reprints.map(([eid, o]) => (
                <li data-testid="print-reprint-order" data-eid={eid}>
                  {orderNo(eid, o)}
                  <span class="reprint-tag">{t('print.needsReprint')}</span>
                  {online && (
                    <button type="button" class="btn btn-small" data-testid="print-reprint-go" disabled={busy !== null} onClick={() => void redo(eid)}>
                      {t('print.reprint')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
        <div class="chips print-docs" role="radiogroup" aria-label={t('print.docs')}>
          {KINDS.map((k) => (
            <button type="button" role="radio" aria-checked={k === kind} data-testid="print-doc" data-doc={k}
              class={`chip ${k === kind ? 'chip-on' : ''}`} onClick={() => choose(k)}>
              {t(`print.doc.${k}`)}
            </button>
          ))}
        </div>
        {kind === 'labels' ? (
          <>
            <div class="chips" role="radiogroup" aria-label={t('print.size')}>
              {(Object.keys(LABEL_SIZES) as LabelSize[]).map((s) => (
                <button type="button" role="radio" aria-checked={s === size} data-testid="print-size" data-size={s}
                  class={`chip ${s === size ? 'chip-on' : ''}`} onClick={() => { setSize(s); remember(SIZE_KEY, s); setCheck(null) }}>
                  {t('print.sizeMm', { size: s.replace('x', '×') })}
                </button>
              ))}
            </div>
            <input class="big-input search" type="search" value={q} placeholder={t('print.search')} data-testid="print-search"
              onInput={(e) => { setQ((e.target as HTMLInputElement).value); reset() }} />
            <p class="muted small" data-testid="print-count" data-count={labels.length}>
              {t('print.count', { n: labels.length })}
              {labels.length > shown.length && ` · ${t('print.showing', { n: shown.length })}`}
            </p>
          </>
        ) : (
          <>
            <div class="print-row">
              {local.length > 0 ? (
                <select aria-label={t('print.wave')} data-testid="print-wave" value={code} onChange={(e) => { setChosen((e.target as HTMLSelectElement).value); reset() }}>
                  {local.map(([c, n]) => <option value={c}>{t('print.waveOrders', { name: waveMeta(c, waves.data, [], tz).name, n })}</option>)}
                </select>
              ) : (
                <p class="muted small" data-testid="print-no-wave">{t('print.noWave')}</p>
              )}
              {online && (
                <button type="button" class="btn" data-testid="print-start-wave" disabled={busy !== null} onClick={() => void start()}>
                  {busy === 'wave' ? t('print.starting') : t('print.startWave')}
                </button>
              )}
            </div>
            <p class="muted small" data-testid="print-refs" data-cached={refs.updatedAt !== undefined}>
              {refs.updatedAt !== undefined ? t('print.refsAge', { time: formatTime(refs.updatedAt, lang) }) : t('print.noRefs')}
            </p>
          </>
        )}
        {note && <p class={`small ${note.ok ? 'ok-text' : 'error-text'}`} data-testid="print-note" data-ok={note.ok} data-wave={note.wave}>{t(note.key, note.params)}</p>}
        <div class="print-buttons">
          <button type="button" class="btn btn-primary" data-testid="print-go" onClick={() => window.print()}
            disabled={kind === 'labels' ? shown.length === 0 : !code}>
            {t('print.print')}
          </button>
          <button type="button" class="btn" data-testid="print-check" disabled={check === 'running'} onClick={() => void runCheck()}>
            {t('print.check')}
          </button>
        </div>
        {check && (
          <p class={`small ${checked && checked.ok === checked.total ? 'ok-text' : 'muted'}`} data-testid="print-check-result"
            data-state={check === 'running' ? 'running' : 'done'} data-ok={checked?.ok} data-total={checked?.total} data-engine={checked?.engine}>
            {!checked ? t('print.checking') : t(kind === 'labels' ? 'print.checked' : 'print.checkedDocs', { ok: checked.ok, total: checked.total })}
          </p>
        )}
      </div>
      {kind === 'labels' ? (
        labels.length === 0 ? (
          <p class="state" data-testid="print-none">{t('print.none')}</p>
        ) : (
          <div class="print-sheet" ref={sheet} data-testid="print-sheet">
            {shown.map((l) => <ShippingLabel key={`${l.eid}-${size}`} label={l} size={size} />)}
          </div>
        )
      ) : (
        code && meta && (
          <WaveDocs kind={kind} snapshot={snapshot} meta={meta} refs={skuRefs} warehouse={whName} timezone={tz} token={token}
            limit={limit} onMore={() => setLimit(limit + PAGE)} sheet={sheet} />
        )
      )}
      {kind === 'labels' && labels.length > shown.length && (
        <button type="button" class="btn btn-small btn-block print-more" data-testid="print-more" onClick={() => setLimit(limit + PAGE)}>{t('orders.more')}</button>
      )}
    </div>
  )
}
