import type { ComponentChildren } from 'preact'
import { useI18n, type T } from '../i18n'
import { useOnline } from '../net'
import type { LocalData } from '../state'
import { formatTime } from '../time'
import { opKindLabel, opTarget } from './labels'

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
              <span class="row-title">{opKindLabel(t, r.op.kind)} · {opTarget(r.op, data.view.snapshot.orders)}</span>
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
