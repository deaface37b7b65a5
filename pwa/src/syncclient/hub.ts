import { getAuth } from '../authstate'
import { subscribeReachability } from '../http/reachability'
import { checkReachability } from '../net'
import { createOp, type NewOp } from '../outbox/store'
import type { Op } from '../sync'
import { partition } from '../sync/privacy'
import { backoffDelay } from './backoff'
import { SyncEngine, type SyncStatus } from './engine'
import { readEventStream, type SseEvent } from './eventstream'
import { electLeader, type Leadership } from './leader'

// Wires the engine into the page: leader election, SSE pokes, online events, messages from
// the service worker (Background Sync) and from other tabs. Every tab keeps its own view of
// the counts (read from IndexedDB); only the leader talks to /api/sync.

type Listener = () => void
// Two kinds of change: local data (ops, outbox) and the sync status (counts, errors).
// Screens that fold the op set listen only to the first, so a status tick re-renders cheaply.
const dataListeners = new Set<Listener>()
const statusListeners = new Set<Listener>()
let version = 0

function changed() {
  version++
  dataListeners.forEach((fn) => fn())
  statusChanged()
}
function statusChanged() {
  statusListeners.forEach((fn) => fn())
}

export function subscribeData(fn: Listener): () => void {
  dataListeners.add(fn)
  return () => void dataListeners.delete(fn)
}
export function subscribeStatus(fn: Listener): () => void {
  statusListeners.add(fn)
  return () => void statusListeners.delete(fn)
}
export const dataVersion = () => version

const engine = new SyncEngine({
  auth: () => {
    const a = getAuth()
    if (a.phase !== 'ready') return null
    const me = a.session.me
    return { device: a.device.device_id, token: a.session.token, partition: partition(me.roles, me.employee_code) }
  },
  onData: () => {
    broadcast({ type: 'changed' })
    changed()
  },
  onStatus: (s) => {
    if (leadership?.isLeader) broadcast({ type: 'status', status: s })
    statusChanged()
  },
})

export const syncStatus = (): SyncStatus => engine.status

type TabMsg = { type: 'changed' } | { type: 'push' } | { type: 'status'; status: SyncStatus }
const channel: BroadcastChannel | null =
  typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('packline-sync') : null
function broadcast(m: TabMsg) {
  try {
    channel?.postMessage(m)
  } catch {
    /* closed */
  }
}
if (channel) {
  channel.onmessage = (e: MessageEvent<TabMsg>) => {
    const m = e.data
    if (m?.type === 'push') {
      if (leadership?.isLeader) void engine.kick()
    } else if (m?.type === 'status') {
      // Followers show the leader's last sync and error; counts come from IndexedDB.
      const { lastSyncAt, error, syncing, retryAt } = m.status
      engine.status = { ...engine.status, lastSyncAt, error, syncing, retryAt }
      void engine.refreshCounts().catch(() => {})
    } else if (m?.type === 'changed') {
      void engine.refreshCounts().catch(() => {})
      changed()
    }
  }
}

let leadership: Leadership | null = null
let running = false

// The worker pushed from Background Sync (see sw.ts): the outbox changed under every tab.
globalThis.navigator?.serviceWorker?.addEventListener('message', (e: MessageEvent) => {
  if ((e.data as { type?: string })?.type !== 'PUSHED_IN_BACKGROUND') return
  void engine.refreshCounts().catch(() => {})
  changed()
})

// Leaving with work in the outbox (tab hidden, closed, or the phone locked): make sure a
// Background Sync is armed, so the worker pushes once the network is back, page or not.
globalThis.document?.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden' && running && engine.status.pending > 0) registerBackgroundSync()
})

/** Start syncing for the signed-in session (idempotent). */
export function startSync() {
  if (running) return
  running = true
  void engine.refreshCounts().catch(() => {})
  leadership = electLeader(() => {
    const stopStream = openStream()
    const online = () => void engine.kick()
    // The server answers again (http/reachability.ts; the page probes it while it is not):
    // sync now rather than at the end of the backoff.
    const reachable = subscribeReachability((ok) => ok && void engine.kick())
    // Background Sync fired while a page is open: the leader pushes (keeping its counts and
    // status right) and tells the worker how it went, so a failed push is retried later.
    const swMsg = (e: MessageEvent) => {
      if ((e.data as { type?: string })?.type !== 'PUSH') return
      const reply = e.ports[0]
      void engine.kick().then(() => reply?.postMessage({ type: 'PUSHED', ok: engine.status.error === null }))
    }
    // A Web Push arrived (sw.ts): sync now, whatever the stream is doing.
    const wake = (e: MessageEvent) => {
      if ((e.data as { type?: string })?.type === 'SYNC_NOW') void engine.kick()
    }
    window.addEventListener('online', online)
    navigator.serviceWorker?.addEventListener('message', swMsg)
    navigator.serviceWorker?.addEventListener('message', wake)
    // A safety net if SSE is blocked by a proxy: sync every 5 minutes anyway.
    const periodic = setInterval(() => void engine.sync(), 5 * 60_000)
    void engine.kick()
    return () => {
      stopStream()
      reachable()
      window.removeEventListener('online', online)
      navigator.serviceWorker?.removeEventListener('message', swMsg)
      navigator.serviceWorker?.removeEventListener('message', wake)
      clearInterval(periodic)
    }
  })
}

export function stopSync() {
  running = false
  leadership?.stop()
  leadership = null
  void engine.refreshCounts().catch(() => {})
}

export function syncNow() {
  if (leadership?.isLeader) void engine.kick()
  else broadcast({ type: 'push' })
}

export function refreshSyncCounts() {
  return engine.refreshCounts().catch(() => {})
}

/**
 * Record a user action: one IndexedDB transaction (seq, HLC, outbox, local op set), then
 * nudge the sync. Resolves only when the op is durable.
 */
export async function recordOp(o: NewOp): Promise<Op> {
  const a = getAuth()
  if (a.phase !== 'ready') throw new Error('not signed in')
  const op = await createOp(a.device.device_id, a.session.me.employee_code, o)
  broadcast({ type: 'changed' })
  changed()
  await engine.refreshCounts().catch(() => {})
  syncNow()
  registerBackgroundSync()
  return op
}

function registerBackgroundSync() {
  const sw = globalThis.navigator?.serviceWorker
  if (!sw) return
  void sw.ready
    .then((reg) => (reg as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register('packline-push'))
    .catch(() => {})
}

/**
 * Server-Sent Events over fetch (eventstream.ts): a poke carries the newest cursor. The
 * token is sent as an Authorization header, never in the URL. When the stream ends (the
 * server closed it: revoked, signed out, restarted) or fails (network, HTTP error) we
 * reconnect with backoff; once it is back (its `hello`) a sync round catches up on whatever
 * the gap missed, and finds out whether an end was a 401 (revoked / session over).
 */
function openStream(): () => void {
  if (typeof fetch === 'undefined' || typeof ReadableStream === 'undefined') return () => {}
  let attempt = 0
  let lost = false
  let timer: ReturnType<typeof setTimeout> | null = null
  let closed = false
  let abort: AbortController | null = null
  const onEvent = (e: SseEvent) => {
    // The server says hello once it is subscribed: a pull from here on misses no poke.
    if (e.event === 'hello') {
      attempt = 0
      if (lost) void engine.sync()
      lost = false
    } else if (e.event === 'poke') {
      try {
        const { cursor } = JSON.parse(e.data) as { cursor: number }
        void engine.poke(cursor)
      } catch {
        void engine.sync()
      }
    }
  }
  const connect = () => {
    const a = getAuth()
    if (closed || a.phase !== 'ready') return
    const ctl = (abort = new AbortController())
    void readEventStream('/api/sync/stream', a.session.token, onEvent, ctl.signal)
      .catch(() => {})
      .then(() => {
        if (closed || ctl.signal.aborted) return
        lost = true
        checkReachability() // a cut link drops the stream first: say "offline" now
        void engine.sync()
        timer = setTimeout(connect, backoffDelay(attempt++))
      })
  }
  connect()
  return () => {
    closed = true
    if (timer) clearTimeout(timer)
    abort?.abort()
  }
}

/**
 * Record several user actions that make one (signing for a wave: one op per order), each
 * durable in its own transaction and in order, with one notification and one sync nudge at
 * the end instead of one per op. Resolves with the ops once all are durable.
 */
export async function recordOps(list: readonly NewOp[]): Promise<Op[]> {
  const a = getAuth()
  if (a.phase !== 'ready') throw new Error('not signed in')
  const out: Op[] = []
  try {
    for (const o of list) out.push(await createOp(a.device.device_id, a.session.me.employee_code, o))
  } finally {
    if (out.length) {
      broadcast({ type: 'changed' })
      changed()
      await engine.refreshCounts().catch(() => {})
      syncNow()
      registerBackgroundSync()
    }
  }
  return out
}

/** Local data changed outside a recorded op (a user switch re-scoped it): re-read it. */
export function localDataChanged() {
  broadcast({ type: 'changed' })
  changed()
}
