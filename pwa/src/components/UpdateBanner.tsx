import { useEffect, useState } from 'preact/hooks'
import { useI18n } from '../i18n'

type Updater = (reload?: boolean) => Promise<void>
let pending: Updater | null = null
const waiters = new Set<() => void>()

/** Called by main.tsx when a new service worker is waiting. */
export function announceUpdate(update: Updater) {
  pending = update
  waiters.forEach((fn) => fn())
}

// Never auto-reload: staff may be mid-scan, so they choose when to update.
export function UpdateBanner() {
  const { t } = useI18n()
  const [ready, setReady] = useState(pending !== null)
  useEffect(() => {
    const on = () => setReady(true)
    waiters.add(on)
    return () => void waiters.delete(on)
  }, [])
  if (!ready) return null
  return (
    <div class="banner banner-update" role="alert">
      <span>{t('update.ready')}</span>
      <button type="button" class="btn btn-small" onClick={() => void pending?.(true)}>
        {t('update.reload')}
      </button>
    </div>
  )
}
