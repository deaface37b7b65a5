import type { ComponentChildren } from 'preact'
import { useI18n, type T } from '../i18n'
import type { Op } from '../outbox/types'
import { useLocalData, type LocalData } from '../state'
import { useSyncState } from '../syncclient/hooks'
import { useOnline } from '../net'
import { opKindLabel, orderNo, reasonLabel } from '../components/labels'
import { ExceptionRow } from '../components/ExceptionRow'
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

  return (
    <div class="ledger" data-testid="ledger">
      <PendingCard data={data} device={device} title={t('ledger.pending')}>
        {data.pending.length > 0 && !online && <p class="muted small" data-testid="ledger-offline">{t('ledger.offlineWait')}</p>}
        {data.pending.length > 0 && online && sync.error && <p class="muted small">{t('ledger.lastError', { detail: errorText(t, sync.error.detail) })}</p>}
      </PendingCard>

      <section class="card" aria-labelledby="l-rejected">
        <h2 id="l-rejected">{t('ledger.rejected')} <span class="count">{data.rejected.length}</span></h2>
        <ul class="rows" data-testid="ledger-rejected" data-count={data.rejected.length}>
          {data.rejected.map((r) => (
            <li class="row static" data-testid="ledger-item" data-op={r.id} data-reason={r.reason}>
              <span class="row-main">
                <span class="row-title">{opKindLabel(t, r.op.kind)} · {target(r.op, data)}</span>
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
          {mine.map((e) => <ExceptionRow key={e.id} e={e} orders={data.view.snapshot.orders} testid="ledger-exception" device={device} />)}
          {mine.length === 0 && <li class="muted">{t('ledger.none')}</li>}
        </ul>
      </section>
    </div>
  )
}

/**
 * The ops still in the outbox, oldest first: what this device did that the server does not
 * have yet. Shown on the ledger and on the "revoked" screen (where they stay, for the record).
 */
export function PendingCard({ data, device, title, children }: {
  data: LocalData; device: string; title: string; children?: ComponentChildren
}) {
  const { t, lang } = useI18n()
  const online = useOnline()
  return (
    <section class="card" aria-labelledby="l-pending">
      <h2 id="l-pending">{title} <span class="count">{data.pending.length}</span></h2>
      {children}
      <ul class="rows" data-testid="ledger-pending" data-count={data.pending.length}>
        {data.pending.map((r) => (
          <li class="row static" data-testid="ledger-item" data-op={r.id} data-kind={r.op.kind}>
            <span class="row-main">
              <span class="row-title">{opKindLabel(t, r.op.kind)} · {target(r.op, data)}</span>
              <span class="row-sub">{r.id} · {formatTime(r.createdAt, lang)} · {r.op.actor}</span>
              {r.device !== device && <span class="row-sub warn">{t('ledger.oldDevice', { device: r.device })}</span>}
              {r.lastError && online && <span class="row-sub">{t('ledger.retrying', { detail: errorText(t, r.lastError) })}</span>}
            </span>
            <span class="pill pill-pending">{t('state.pending')}</span>
          </li>
        ))}
        {data.pending.length === 0 && <li class="muted">{t('ledger.allSynced')}</li>}
      </ul>
    </section>
  )
}

/** The browser's words for "no connection" differ (and are English): say it in the user's. */
export function errorText(t: T, detail: string): string {
  return /failed to fetch|networkerror|load failed|network/i.test(detail) ? t('ledger.unreachable') : detail
}

function target(op: Op, data: LocalData): string {
  if (typeof op.payload.tracking === 'string') return op.payload.tracking
  return op.etype === 'order' ? orderNo(op.eid, data.view.snapshot.orders[op.eid]) : op.eid
}
