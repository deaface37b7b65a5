import { useEffect, useState } from 'preact/hooks'
import { useI18n } from '../i18n'

type Updater = (reload?: boolean) => Promise<void>
let pending: Updater | null = null
let asked = false
const waiters = new Set<() => void>()

/** True once the user tapped "update": only then may a controller change reload the page. */
export function updateRequested(): boolean {
  return asked
}

/** Called by main.tsx when a new service worker is waiting. */
export function announceUpdate(update: Updater) {
  pending = update
  waiters.forEach((fn) => fn())
}

/** Ask the browser for a new version now: apply a waiting one at once (the user asked), or
 * fetch sw.js again; a new worker then announces itself (announceUpdate) and is applied. */
export async function checkForUpdate(): Promise<void> {
  asked = true
  if (pending) return pending(true)
  const reg = await globalThis.navigator?.serviceWorker?.getRegistration()
  await reg?.update()
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
  const apply = () => {
    asked = true
    void pending?.(true)
  }
  return (
    <div class="banner banner-update" role="alert">
      <span>{t('update.ready')}</span>
      <button type="button" class="btn btn-small" onClick={apply}>
        {t('update.reload')}
      </button>
    </div>
  )
}
