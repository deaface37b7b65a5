/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { clientsClaim } from 'workbox-core'
import { getMeta } from './db'
import type { DeviceRecord, SessionRecord } from './device'
import { SyncEngine } from './syncclient/engine'
import { HttpError } from './http/errors'

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
// The browser fires it once it is online (at once if it already is), even with every tab
// closed, and fires it again later (with backoff) while the handler's promise rejects.
interface SyncEvent extends ExtendableEvent {
  readonly tag: string
}
const PUSH_TAG = 'packline-push'
/** how long an open page may take to answer "push now" before the worker pushes itself */
const PAGE_ANSWER_MS = 20_000

self.addEventListener('sync', (event) => {
  const e = event as SyncEvent
  if (e.tag === PUSH_TAG) e.waitUntil(backgroundPush())
})

async function backgroundPush(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window' })
  if (windows.length > 0) {
    // A page is open: its leader tab syncs (and keeps its status and counts right). Only a
    // push that worked settles this sync; otherwise the browser retries it later.
    const answer = await askPages(windows)
    if (answer === 'ok') return
    if (answer === 'failed') throw new Error('the page could not push yet')
    // No page answered (frozen, or an old version): push from here.
  }
  const [device, session] = await Promise.all([getMeta<DeviceRecord>('device'), getMeta<SessionRecord>('session')])
  if (!device || device.revokedAt || !session || session.me.device_id !== device.device_id) return
  const engine = new SyncEngine({ auth: () => ({ device: device.device_id, token: session.token }) })
  try {
    await engine.push()
  } catch (err) {
    // Retryable: reject so the browser tries again later. A 401 waits for the app, and so
    // does a 426 (the updated app pushes the outbox; retrying this version is pointless).
    if (err instanceof HttpError && (err.kind === 'auth' || err.kind === 'version')) return
    throw err
  }
  // Pages opened meanwhile re-read their counts.
  for (const c of await self.clients.matchAll({ type: 'window' })) c.postMessage({ type: 'PUSHED_IN_BACKGROUND' })
}

function askPages(windows: readonly Client[]): Promise<'ok' | 'failed' | 'silent'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('silent'), PAGE_ANSWER_MS)
    for (const c of windows) {
      const ch = new MessageChannel()
      // Only the leader tab answers; followers ignore the request.
      ch.port1.onmessage = (m: MessageEvent<{ type?: string; ok?: boolean }>) => {
        if (m.data?.type !== 'PUSHED') return
        clearTimeout(timer)
        resolve(m.data.ok ? 'ok' : 'failed')
      }
      c.postMessage({ type: 'PUSH' }, [ch.port2])
    }
  })
}
