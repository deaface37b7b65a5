import { useEffect, useState } from 'preact/hooks'
import { useI18n } from '../i18n'
import { go } from '../router'
import { useLocalData, type SyncExceptionRecord } from '../state'
import { useDataVersion } from '../syncclient/hooks'
import { useCached } from '../useCached'
import { excKindLabel, opKindLabel, orderNo, reasonLabel } from '../components/labels'
import { formatTime } from '../time'
import { useOnline } from '../net'
import { NoData } from '../components/StateView'

type ServerException = SyncExceptionRecord & { resolved: boolean }
interface RejectedRow {
  op_id: string
  device_id: string
  actor: string
  reason: string
  detail: string
  op_json: string
  received_at: string
}

/**
 * The office's queue (exception handler, manager, customer service): open exceptions of the
 * warehouse as the server derived them, and the ops the server refused. Read from the server
 * (cached for offline viewing); it refreshes whenever a sync brings news.
 */
export function Office({ token }: { token: string }) {
  const { t, lang } = useI18n()
  const [tab, setTab] = useState<'exceptions' | 'rejected'>('exceptions')
  const exc = useCached<ServerException[]>('/api/sync/exceptions', token)
  const rej = useCached<RejectedRow[]>(tab === 'rejected' ? '/api/sync/rejected' : null, token)
  const local = useLocalData()
  const version = useDataVersion()
  const online = useOnline()

  // An SSE poke pulls new ops; the server has already derived any exception they raise.
  useEffect(() => {
    if (version > 0) exc.refresh()
  }, [version])
  useEffect(() => {
    const id = setInterval(() => navigator.onLine && exc.refresh(), 30_000)
    return () => clearInterval(id)
  }, [])

  const open = (exc.data ?? []).filter((e) => !e.resolved)
  const cur = tab === 'exceptions' ? exc : rej
  return (
    <div class="office" data-testid="office">
      <div class="chips" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'exceptions'} class={`chip ${tab === 'exceptions' ? 'chip-on' : ''}`}
          onClick={() => setTab('exceptions')}>{t('office.exceptions')} {exc.data ? `(${open.length})` : ''}</button>
        <button type="button" role="tab" aria-selected={tab === 'rejected'} class={`chip ${tab === 'rejected' ? 'chip-on' : ''}`}
          data-testid="office-tab-rejected" onClick={() => setTab('rejected')}>{t('office.rejected')}</button>
      </div>
      <div class="fresh-row" data-testid="office-status">
        <span class="muted small">
          {cur.refreshing ? t('net.refreshing') : cur.updatedAt ? t('office.updated', { time: formatTime(cur.updatedAt, lang) }) : t('net.never')}
        </span>
        <button type="button" class="btn btn-small" disabled={!online || cur.refreshing} onClick={cur.refresh}>{t('net.refresh')}</button>
      </div>
      {tab === 'exceptions' ? (
        exc.data === undefined ? (
          <NoData loading={!exc.cacheChecked || (exc.refreshing && !exc.error)} onRetry={exc.refresh} />
        ) : (
          <ul class="rows" data-testid="office-exceptions" data-count={open.length}>
            {open.map((e) => {
              const tracking = typeof e.detail?.tracking === 'string' ? e.detail.tracking : ''
              const o = local?.view.snapshot.orders[e.eid]
              return (
                <li key={e.id}>
                  <button type="button" class="row exc" data-testid="office-exception" data-kind={e.kind} data-id={e.id} data-tracking={tracking}
                    onClick={() => e.etype === 'order' && go({ name: 'order', eid: e.eid })}>
                    <span class="row-main">
                      <span class="row-title">{excKindLabel(t, e.kind)}{tracking ? ` · ${tracking}` : ''}</span>
                      <span class="row-sub">{t('ledger.order', { order: e.etype === 'order' ? orderNo(e.eid, o) : e.eid })}</span>
                      {e.facts.map((f) => (
                        <span class="row-sub fact">
                          {t('ledger.sideBy', { kind: opKindLabel(t, f.kind), actor: f.actor, device: f.device, time: formatTime(f.wall, lang) })}
                        </span>
                      ))}
                    </span>
                  </button>
                </li>
              )
            })}
            {open.length === 0 && <li class="state">{t('office.none')}</li>}
          </ul>
        )
      ) : rej.data === undefined ? (
        <NoData loading={!rej.cacheChecked || (rej.refreshing && !rej.error)} onRetry={rej.refresh} />
      ) : (
        <ul class="rows" data-testid="office-rejected" data-count={rej.data.length}>
          {[...rej.data].reverse().map((r) => (
            <li class="row static" data-op={r.op_id} data-reason={r.reason}>
              <span class="row-main">
                <span class="row-title">{reasonLabel(t, r.reason)}</span>
                <span class="row-sub">{r.op_id} · {r.actor || '—'} · {formatTime(Date.parse(r.received_at), lang)}</span>
                <span class="row-sub">{r.detail}</span>
              </span>
            </li>
          ))}
          {rej.data.length === 0 && <li class="state">{t('office.noneRejected')}</li>}
        </ul>
      )}
    </div>
  )
}
