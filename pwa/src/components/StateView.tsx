import { useI18n } from '../i18n'
import { useOnline } from '../net'

interface Props {
  loading: boolean
  onRetry: () => void
}

/** Shown when there is no data at all: never leave the screen blank. */
export function NoData({ loading, onRetry }: Props) {
  const { t } = useI18n()
  const online = useOnline()
  if (loading) {
    return (
      <div class="state" aria-busy="true">
        <div class="spinner" aria-hidden="true" />
        <p>{t('state.loading')}</p>
      </div>
    )
  }
  const title = online ? t('state.error.title') : t('state.offlineEmpty.title')
  const body = online ? t('state.error.body') : t('state.offlineEmpty.body')
  return (
    <div class="state" data-testid="empty-state">
      <svg class="state-icon" viewBox="0 0 64 64" aria-hidden="true">
        <path d="M8 20 32 8l24 12v24L32 56 8 44z" fill="none" stroke="currentColor" stroke-width="3" stroke-linejoin="round" />
        <path d="M8 20l24 12 24-12M32 32v24" fill="none" stroke="currentColor" stroke-width="3" />
      </svg>
      <h2>{title}</h2>
      <p>{body}</p>
      <button type="button" class="btn btn-primary" disabled={!online} onClick={onRetry}>
        {t('state.retry')}
      </button>
    </div>
  )
}
