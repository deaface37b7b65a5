/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { clientsClaim } from 'workbox-core'
import { getMeta } from './db'
import type { DeviceRecord, SessionRecord } from './device'
import { SyncEngine } from './syncclient/engine'
import { SyncHttpError } from './syncclient/classify'

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null } | string>
}

cleanupOutdatedCaches()
precacheAndRoute(self.__WB_MANIFEST)

// Any navigation (reloads, deep links) gets the precached shell, so offline shows the app
// instead of the browser's error page. /api/ is excluded: data is cached in IndexedDB by the app.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//],
  }),
)

// Take control of the first page load at once so its fetches go through the precache.
clientsClaim()

// Updates wait until the user taps "update" (see UpdateBanner), which posts SKIP_WAITING.
// The outbox lives in IndexedDB, not in the worker, so an update never loses pending ops.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting()
})

// Background Sync (Chromium): the page registers 'packline-push' after recording an op.
// When connectivity returns the browser wakes this worker, even with the tab closed.
interface SyncEvent extends ExtendableEvent {
  readonly tag: string
}
const PUSH_TAG = 'packline-push'

self.addEventListener('sync', (event) => {
  const e = event as SyncEvent
  if (e.tag === PUSH_TAG) e.waitUntil(backgroundPush())
})

async function backgroundPush(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window' })
  if (windows.length > 0) {
    // A page is open: its leader tab syncs (and keeps its status and counts right).
    windows.forEach((c) => c.postMessage({ type: 'PUSH' }))
    return
  }
  const [device, session] = await Promise.all([getMeta<DeviceRecord>('device'), getMeta<SessionRecord>('session')])
  if (!device || device.revokedAt || !session || session.me.device_id !== device.device_id) return
  const engine = new SyncEngine({ auth: () => ({ device: device.device_id, token: session.token }) })
  try {
    await engine.push()
  } catch (err) {
    // Retryable: reject so the browser tries again later. A 401 waits for the app.
    if (err instanceof SyncHttpError && err.outcome === 'auth') return
    throw err
  }
}
