import { useEffect, useState } from 'preact/hooks'
import { useI18n } from '../i18n'
import { useOnline } from '../net'
import { useSyncState } from '../syncclient/hooks'
import { formatTime } from '../time'

interface Props {
  /** open the device ledger (absent before sign-in) */
  onOpen?: () => void
  onSyncNow?: () => void
}

/** On every screen: online or not, how many ops wait to be pushed, when the last sync was. */
export function SyncBar({ onOpen, onSyncNow }: Props) {
  const { t, lang } = useI18n()
  const online = useOnline()
  const s = useSyncState()
  const [, tick] = useState(0)
  // "12:03" stays right, but re-render each minute so "today" vs a date stays right too.
  useEffect(() => {
    const id = setInterval(() => tick((n) => n + 1), 60_000)
    return () => clearInterval(id)
  }, [])

  const last = s.syncing
    ? t('sync.syncing')
    : s.lastSyncAt
      ? t('sync.last', { time: formatTime(s.lastSyncAt, lang) })
      : t('sync.never')
  // A 401 is not shown here: the app itself moves to sign-in (session over) or "revoked".
  // A 426 is not "retrying automatically": nothing syncs until the app is updated.
  const error = s.error?.kind === 'version'
    ? t('sync.updateRequired')
    : s.error && s.error.kind !== 'auth' && online && !s.syncing
      ? s.error.kind === 'notReady' ? t('sync.notReady') : t('sync.error')
      : null

  const body = (
    <>
      <span class="net-dot" aria-hidden="true" />
      <strong class="net-word">{online ? t('net.online') : t('net.offline')}</strong>
      <span class={`sync-pending ${s.pending > 0 ? 'sync-pending-on' : ''}`} data-testid="sync-pending" data-count={s.pending}>
        {t('sync.pendingN', { n: s.pending })}
      </span>
      {s.rejected > 0 && (
        <span class="sync-rejected" data-testid="sync-rejected" data-count={s.rejected}>{t('sync.rejectedN', { n: s.rejected })}</span>
      )}
      <span class="net-fresh" data-testid="sync-last">{last}</span>
      {error && <span class="sync-error" role="alert">{error}</span>}
    </>
  )
  return (
    <div class={`net sync-bar ${online ? 'net-on' : 'net-off'} ${s.syncing ? 'is-syncing' : ''}`}
      data-testid="net-status" data-online={String(online)} data-syncing={String(s.syncing)} role="status">
      {onOpen ? (
        <button type="button" class="sync-open" data-testid="open-ledger" aria-label={t('ledger.open')} onClick={onOpen}>{body}</button>
      ) : (
        <div class="sync-open">{body}</div>
      )}
      {onSyncNow && (
        <button type="button" class="btn btn-small sync-now" data-testid="sync-now" disabled={!online || s.syncing}
          aria-label={t('sync.now')} title={t('sync.now')} onClick={onSyncNow}>
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path d="M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
        </button>
      )}
    </div>
  )
}
