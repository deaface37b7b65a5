import { useI18n, type Lang } from '../i18n'
import { useOnline } from '../net'

export function formatTime(ms: number, lang: Lang, now = Date.now()): string {
  const d = new Date(ms)
  const sameDay = new Date(now).toDateString() === d.toDateString()
  const opts: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
  return new Intl.DateTimeFormat(lang, opts).format(d)
}

interface Props {
  updatedAt?: number
  refreshing?: boolean
  onRefresh?: () => void
}

/** Online dot plus freshness of the cached data; tapping refreshes when online. */
export function NetStatus({ updatedAt, refreshing, onRefresh }: Props) {
  const { t, lang } = useI18n()
  const online = useOnline()
  const fresh = refreshing
    ? t('net.refreshing')
    : updatedAt
      ? t(online ? 'net.updated' : 'net.cachedAt', { time: formatTime(updatedAt, lang) })
      : t('net.never')
  return (
    <div class={`net ${online ? 'net-on' : 'net-off'}`} data-testid="net-status" data-online={String(online)} role="status">
      <span class="net-dot" aria-hidden="true" />
      <strong>{online ? t('net.online') : t('net.offline')}</strong>
      <span class="net-fresh">{fresh}</span>
      {onRefresh && (
        <button type="button" class="btn btn-small" disabled={!online || refreshing} onClick={onRefresh}>
          {t('net.refresh')}
        </button>
      )}
    </div>
  )
}
