/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { clientsClaim } from 'workbox-core'
import { getMeta } from './db'
import type { DeviceRecord, SessionRecord } from './device'
import { backoffDelay } from './syncclient/backoff'
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
/** Chromium gives a sync event about 3 minutes, then counts it as failed and retries it only
 * minutes later (5, then 15). The browser's idea of "online" is the local link, so the event
 * often fires while the server is still out of reach: ride out a short outage inside it. */
const EVENT_BUDGET_MS = 150_000
const RETRY_CAP_MS = 5_000

self.addEventListener('sync', (event) => {
  const e = event as SyncEvent
  if (e.tag === PUSH_TAG) e.waitUntil(backgroundPush())
})

async function backgroundPush(): Promise<void> {
  const deadline = Date.now() + EVENT_BUDGET_MS
  for (let attempt = 0; ; attempt++) {
    if ((await pushOnce()) === 'done') return
    const wait = Math.min(RETRY_CAP_MS, backoffDelay(attempt))
    // Out of time: reject, so the browser keeps the registration and fires it again later.
    if (Date.now() + wait > deadline) throw new Error('the server is still out of reach')
    // A new version waiting: an open event of this worker would hold back its activation,
    // so hand over (rejected: the browser fires the registration again, for the new worker).
    for (const until = Date.now() + wait; Date.now() < until; ) {
      if (self.registration.waiting) throw new Error('an update takes over')
      await new Promise((r) => setTimeout(r, 250))
    }
  }
}

/** One try: an open page's leader pushes (keeping its status and counts right), else this
 * worker pushes with the stored session. 'retry' while the server can't be reached. */
async function pushOnce(): Promise<'done' | 'retry'> {
  const windows = await self.clients.matchAll({ type: 'window' })
  if (windows.length > 0) {
    const answer = await askPages(windows)
    if (answer === 'ok') return 'done'
    if (answer === 'failed') return 'retry'
    // No page answered (frozen, or an old version): push from here.
  }
  const [device, session] = await Promise.all([getMeta<DeviceRecord>('device'), getMeta<SessionRecord>('session')])
  if (!device || device.revokedAt || !session || session.me.device_id !== device.device_id) return 'done'
  const engine = new SyncEngine({ auth: () => ({ device: device.device_id, token: session.token }) })
  try {
    await engine.push()
  } catch (err) {
    // A 401 waits for the app, and so does a 426 (the updated app pushes the outbox;
    // retrying this version is pointless). Anything else is worth another try.
    if (err instanceof HttpError && (err.kind === 'auth' || err.kind === 'version')) return 'done'
    return 'retry'
  }
  // Pages opened meanwhile re-read their counts.
  for (const c of await self.clients.matchAll({ type: 'window' })) c.postMessage({ type: 'PUSHED_IN_BACKGROUND' })
  return 'done'
}

/** Ask the open pages' leader to push. 'silent' when none answers in time, or when every
 * asked page is gone before answering (closed mid-push: the worker pushes itself at once). */
function askPages(windows: readonly Client[]): Promise<'ok' | 'failed' | 'silent'> {
  return new Promise((resolve) => {
    let settled = false
    const done = (answer: 'ok' | 'failed' | 'silent') => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      clearInterval(watch)
      resolve(answer)
    }
    const timer = setTimeout(() => done('silent'), PAGE_ANSWER_MS)
    const asked = new Set(windows.map((c) => c.id))
    const watch = setInterval(() => {
      void self.clients.matchAll({ type: 'window' }).then((open) => {
        if (!open.some((c) => asked.has(c.id))) done('silent')
      })
    }, 250)
    for (const c of windows) {
      const ch = new MessageChannel()
      // Only the leader tab answers; followers ignore the request.
      ch.port1.onmessage = (m: MessageEvent<{ type?: string; ok?: boolean }>) => {
        if (m.data?.type !== 'PUSHED') return
        done(m.data.ok ? 'ok' : 'failed')
      }
      c.postMessage({ type: 'PUSH' }, [ch.port2])
    }
  })
}

// Web Push (server/push/): the message is a short text and "sync now", never data. Show
// the text, and wake the sync: an open page's leader syncs (hub.ts, SYNC_NOW); with no
// page open the worker pushes the outbox itself, and the next open pulls.
interface PushNote {
  topic?: string
  text?: string
  sync?: boolean
}

self.addEventListener('push', (event) => {
  let note: PushNote = {}
  try {
    note = (event.data?.json() ?? {}) as PushNote
  } catch {
    note = { text: event.data?.text() ?? '' }
  }
  event.waitUntil(onPush(note))
})

async function onPush(note: PushNote): Promise<void> {
  await self.registration.showNotification('Packline', {
    body: note.text || '有新的变更，请同步',
    tag: note.topic || 'packline',
    data: { topic: note.topic ?? '' },
  })
  if (note.sync === false) return
  const windows = await self.clients.matchAll({ type: 'window' })
  for (const c of windows) c.postMessage({ type: 'SYNC_NOW', topic: note.topic ?? '' })
  if (windows.length === 0) await pushOnce().catch(() => 'retry')
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
      const open = windows[0] as WindowClient | undefined
      if (open) await open.focus()
      else await self.clients.openWindow('/')
    })(),
  )
})
