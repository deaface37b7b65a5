import { useState } from 'preact/hooks'
import { useI18n } from '../i18n'
import { useSyncState } from '../syncclient/hooks'
import { checkForUpdate } from './UpdateBanner'

/**
 * The server answered 426: it no longer speaks this app's sync protocol. Nothing syncs until
 * the app is updated, and nothing is lost meanwhile: the outbox keeps every pending op (the
 * engine neither retries nor rejects them), and the updated app pushes them.
 */
export function UpdateRequired() {
  const { t } = useI18n()
  const s = useSyncState()
  const [checking, setChecking] = useState(false)
  if (s.error?.kind !== 'version') return null
  const check = () => {
    setChecking(true)
    void checkForUpdate().finally(() => setTimeout(() => setChecking(false), 3000))
  }
  return (
    <div class="banner banner-required" role="alert" data-testid="update-required" data-pending={s.pending}>
      <div>
        <strong>{t('update.required')}</strong>
        <p class="small">{t('update.requiredWhy', { n: s.pending })}</p>
      </div>
      <button type="button" class="btn btn-small" data-testid="update-check" disabled={checking} onClick={check}>
        {checking ? t('update.checking') : t('update.check')}
      </button>
    </div>
  )
}
