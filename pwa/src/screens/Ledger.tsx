import { useI18n, type T } from '../i18n'
import type { Op } from '../outbox/types'
import { go } from '../router'
import { useLocalData, type LocalData, type SyncExceptionRecord } from '../state'
import { useSyncState } from '../syncclient/hooks'
import { useOnline } from '../net'
import { excKindLabel, opKindLabel, orderNo, reasonLabel } from '../components/labels'
import { formatTime } from '../time'
import { NoData } from '../components/StateView'

/**
 * The device ledger: everything this device did that is not simply "synced". Pending ops
 * (still in the outbox), ops the server refused for good (kept, never retried, never
 * dropped), and the conflicts its ops are part of, with both sides' facts.
 */
export function Ledger({ device }: { device: string }) {
  const { t, lang } = useI18n()
  const data = useLocalData()
  const sync = useSyncState()
  const online = useOnline()
  if (!data) return <NoData loading onRetry={() => {}} />
  const mine = data.view.snapshot.exceptions.filter((e) => e.facts.some((f) => f.device === device))
  const what = (op: Op) => target(op, data)

  return (
    <div class="ledger" data-testid="ledger">
      <section class="card" aria-labelledby="l-pending">
        <h2 id="l-pending">{t('ledger.pending')} <span class="count">{data.pending.length}</span></h2>
        {data.pending.length > 0 && !online && <p class="muted small" data-testid="ledger-offline">{t('ledger.offlineWait')}</p>}
        {data.pending.length > 0 && online && sync.error && <p class="muted small">{t('ledger.lastError', { detail: sync.error.detail })}</p>}
        <ul class="rows" data-testid="ledger-pending" data-count={data.pending.length}>
          {data.pending.map((r) => (
            <li class="row static" data-testid="ledger-item" data-op={r.id} data-kind={r.op.kind}>
              <span class="row-main">
                <span class="row-title">{opKindLabel(t, r.op.kind)} · {what(r.op)}</span>
                <span class="row-sub">{r.id} · {formatTime(r.createdAt, lang)} · {r.op.actor}</span>
                {r.device !== device && <span class="row-sub warn">{t('ledger.oldDevice', { device: r.device })}</span>}
                {r.lastError && online && <span class="row-sub">{t('ledger.retrying', { detail: r.lastError })}</span>}
              </span>
              <span class="pill pill-pending">{t('state.pending')}</span>
            </li>
          ))}
          {data.pending.length === 0 && <li class="muted">{t('ledger.allSynced')}</li>}
        </ul>
      </section>

      <section class="card" aria-labelledby="l-rejected">
        <h2 id="l-rejected">{t('ledger.rejected')} <span class="count">{data.rejected.length}</span></h2>
        <ul class="rows" data-testid="ledger-rejected" data-count={data.rejected.length}>
          {data.rejected.map((r) => (
            <li class="row static" data-testid="ledger-item" data-op={r.id} data-reason={r.reason}>
              <span class="row-main">
                <span class="row-title">{opKindLabel(t, r.op.kind)} · {what(r.op)}</span>
                <span class="row-sub">{r.id} · {formatTime(r.at, lang)} · {r.op.actor}</span>
                <span class="row-sub alert">{t('ledger.reason', { reason: reasonLabel(t, r.reason) })}{r.detail ? ` (${r.detail})` : ''}</span>
              </span>
              <span class="pill pill-rejected">{t('state.rejected')}</span>
            </li>
          ))}
          {data.rejected.length === 0 && <li class="muted">{t('ledger.none')}</li>}
        </ul>
      </section>

      <section class="card" aria-labelledby="l-exc">
        <h2 id="l-exc">{t('ledger.exceptions')} <span class="count">{mine.length}</span></h2>
        <ul class="rows" data-testid="ledger-exceptions" data-count={mine.length}>
          {mine.map((e) => <ExceptionRow e={e} data={data} t={t} lang={lang} device={device} />)}
          {mine.length === 0 && <li class="muted">{t('ledger.none')}</li>}
        </ul>
      </section>
    </div>
  )
}

function target(op: Op, data: LocalData): string {
  if (typeof op.payload.tracking === 'string') return op.payload.tracking
  return op.etype === 'order' ? orderNo(op.eid, data.view.snapshot.orders[op.eid]) : op.eid
}

function ExceptionRow({ e, data, t, lang, device }: { e: SyncExceptionRecord; data: LocalData; t: T; lang: 'zh-CN' | 'en'; device: string }) {
  const tracking = typeof e.detail.tracking === 'string' ? e.detail.tracking : undefined
  return (
    <li>
      <button type="button" class="row exc" data-testid="ledger-exception" data-kind={e.kind} data-id={e.id} data-tracking={tracking ?? ''}
        onClick={() => e.etype === 'order' && go({ name: 'order', eid: e.eid })}>
        <span class="row-main">
          <span class="row-title">{excKindLabel(t, e.kind)}{tracking ? ` · ${tracking}` : ''}</span>
          <span class="row-sub">{t('ledger.order', { order: orderNo(e.eid, data.view.snapshot.orders[e.eid]) })}</span>
          {e.facts.map((f) => (
            <span class={`row-sub fact ${f.device === device ? 'fact-mine' : ''}`}>
              {t('ledger.sideBy', { kind: opKindLabel(t, f.kind), actor: f.actor, device: f.device === device ? t('ledger.thisDevice') : f.device, time: formatTime(f.wall, lang) })}
            </span>
          ))}
        </span>
      </button>
    </li>
  )
}
