import { useI18n } from '../i18n'
import { useLocalData } from '../state'
import { useSyncState } from '../syncclient/hooks'
import { useOnline } from '../net'
import { opKindLabel, opTarget, reasonLabel } from '../components/labels'
import { ExceptionRow } from '../components/ExceptionRow'
import { errorText, PendingCard } from '../components/PendingCard'
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
  // The one exception queue (view/local.ts), the office view's too: those with a fact of ours.
  const mine = data.view.exceptions.filter((e) => e.facts.some((f) => f.device === device))

  return (
    <div class="ledger" data-testid="ledger">
      <PendingCard data={data} device={device} title={t('ledger.pending')}>
        {data.pending.length > 0 && !online && <p class="muted small" data-testid="ledger-offline">{t('ledger.offlineWait')}</p>}
        {data.pending.length > 0 && sync.error?.kind === 'version' && <p class="muted small alert">{t('sync.updateRequired')}</p>}
        {data.pending.length > 0 && online && sync.error && sync.error.kind !== 'version' && (
          <p class="muted small">{t('ledger.lastError', { detail: errorText(t, sync.error.detail) })}</p>
        )}
      </PendingCard>

      <section class="card" aria-labelledby="l-rejected">
        <h2 id="l-rejected">{t('ledger.rejected')} <span class="count">{data.rejected.length}</span></h2>
        <ul class="rows" data-testid="ledger-rejected" data-count={data.rejected.length}>
          {data.rejected.map((r) => (
            <li class="row static" data-testid="ledger-item" data-op={r.id} data-reason={r.reason}>
              <span class="row-main">
                <span class="row-title">{opKindLabel(t, r.op.kind)} · {opTarget(r.op, data.view.snapshot.orders)}</span>
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
          {mine.map((e) => <ExceptionRow key={e.id} e={e} entries={data.view.entries} testid="ledger-exception" device={device} />)}
          {mine.length === 0 && <li class="muted">{t('ledger.none')}</li>}
        </ul>
      </section>
    </div>
  )
}
