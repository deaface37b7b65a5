import { setMeta, getMeta } from '../db'
import type { OutboxRecord } from '../db'
import { call } from '../http/client'
import { HttpError } from '../http/errors'
import {
  getCursor, LAST_SYNC_KEY, markRejected, noteRetryable, pendingCount, pendingOps, rejectedOps, settle,
  storeBootstrap, storeRemote,
} from '../outbox/store'
import { backoffDelay, BACKOFF_CAP_MS } from './backoff'
import type { BootstrapResponse, PullResponse, PushResponse } from '../sync'
import { heldPartition } from '../outbox/scope'
import { bootstrapUrl, pullUrl, pushBody, sameProtocol } from './wire'

export const PUSH_BATCH = 500
export const PULL_LIMIT = 500

export interface SyncAuth {
  /** this device's id: only its own ops are pushed (the server refuses others) */
  device: string
  /** session token */
  token: string
  /** the signed-in user's data partition (sync/privacy.ts): pulled data of another one is
   *  replaced by a bootstrap, never continued from its cursor */
  partition?: string
}

/** `version`: the server no longer speaks this app's protocol (426); nothing is retried until
 * the app is updated, and every pending op stays in the outbox. */
export type SyncErrorKind = 'retryable' | 'notReady' | 'auth' | 'version'

export interface SyncStatus {
  pending: number
  rejected: number
  lastSyncAt?: number
  syncing: boolean
  error: null | { kind: SyncErrorKind; detail: string }
  /** epoch ms of the next automatic retry */
  retryAt?: number
}

/**
 * What a failed sync request means for the round: the sync's policy over the one error
 * model (http/errors.ts).
 *  auth       401: stop; authstate decides whether the session ended or the device was revoked
 *  version    426: stop until the app is updated; the outbox is kept as it is
 *  bisect     400/413/422 on push: this batch will never be accepted as is → isolate the bad op(s)
 *  gone       410 on pull: cursor expired → bootstrap again (the outbox is kept)
 *  retryable  no answer, 408, 429, 5xx, and any other refusal (403, 404 "server not ready"):
 *             retrying is safe, dropping data is not.
 */
export type SyncOutcome = 'auth' | 'version' | 'bisect' | 'gone' | 'retryable'

export function syncOutcome(e: HttpError): SyncOutcome {
  if (e.kind === 'auth' || e.kind === 'version') return e.kind
  if (e.status === 410) return 'gone'
  if (e.kind === 'permanent' && (e.status === 400 || e.status === 413 || e.status === 422)) return 'bisect'
  return 'retryable'
}

const asHttpError = (e: unknown): HttpError =>
  e instanceof HttpError ? e : new HttpError('network', e instanceof Error ? e.message : String(e))

export interface EngineDeps {
  auth: () => SyncAuth | null
  fetch?: typeof fetch
  /** a 401 happened (the HTTP client has already told authstate; this is for status only) */
  onUnauthorized?: () => void
  /** local data changed (ops pulled, outbox settled): other views and tabs re-read */
  onData?: () => void
  onStatus?: (s: SyncStatus) => void
  now?: () => number
  random?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (id: unknown) => void
  batchSize?: number
  pageSize?: number
}

/**
 * Push pending ops (seq order), then pull. Exactly-once is the server's job (by op id), so
 * re-sending after a lost answer is always safe. Retryable failures back off 1 s → 60 s;
 * permanent batch failures are bisected down to the offending op, which is kept as rejected.
 */
export class SyncEngine {
  status: SyncStatus = { pending: 0, rejected: 0, syncing: false, error: null }
  private attempt = 0
  private timer: unknown = null
  private running: Promise<void> | null = null
  private again = false
  private stopped = false
  private readonly d: Required<Omit<EngineDeps, 'onUnauthorized' | 'onData' | 'onStatus'>> &
    Pick<EngineDeps, 'onUnauthorized' | 'onData' | 'onStatus'>

  constructor(deps: EngineDeps) {
    this.d = {
      fetch: (...a) => globalThis.fetch(...a),
      now: Date.now,
      random: Math.random,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
      batchSize: PUSH_BATCH,
      pageSize: PULL_LIMIT,
      ...deps,
    }
  }

  private emit(patch: Partial<SyncStatus>) {
    this.status = { ...this.status, ...patch }
    this.d.onStatus?.(this.status)
  }

  async refreshCounts(): Promise<void> {
    const a = this.d.auth()
    const [pending, rejected, lastSyncAt] = await Promise.all([
      pendingCount(a?.device),
      rejectedOps().then((r) => r.length),
      getMeta<number>(LAST_SYNC_KEY),
    ])
    this.emit({ pending, rejected, lastSyncAt })
  }

  private req<T>(method: 'GET' | 'POST', url: string, token: string, body?: unknown): Promise<T> {
    return call<T>(method, url, { token, body, fetch: this.d.fetch })
  }

  /** Push every pending op of this device. Throws HttpError on retryable/auth/version failures. */
  async push(): Promise<void> {
    const a = this.d.auth()
    if (!a) return
    for (;;) {
      const batch = await pendingOps(a.device, this.d.batchSize)
      if (batch.length === 0) return
      const settled = await this.pushBatch(batch, a.token)
      this.d.onData?.()
      await this.refreshCounts()
      // The server answered but left ops unsettled: don't spin; they go with the next sync.
      if (settled === 0) return
    }
  }

  private async pushBatch(batch: OutboxRecord[], token: string): Promise<number> {
    try {
      const r = sameProtocol(await this.req<PushResponse>('POST', '/api/sync/push', token, pushBody(batch.map((b) => b.op))))
      return await settle(batch, r.results ?? [], this.d.now())
    } catch (e) {
      const err = asHttpError(e)
      const outcome = syncOutcome(err)
      if (outcome === 'bisect') {
        if (batch.length === 1) {
          await markRejected(batch[0]!, `http_${err.status}`, err.detail, this.d.now())
          return 1
        }
        // Bisect: the good halves go through, the bad op is isolated in log2(n) requests.
        const mid = Math.ceil(batch.length / 2)
        const left = await this.pushBatch(batch.slice(0, mid), token)
        const right = await this.pushBatch(batch.slice(mid), token)
        return left + right
      }
      if (outcome === 'retryable') await noteRetryable(batch, err.detail).catch(() => {})
      throw err
    }
  }

  /** Pull everything after the local cursor (bootstrap if there is none, or it expired). */
  async pull(): Promise<void> {
    const a = this.d.auth()
    if (!a) return
    let cursor = await getCursor()
    if (cursor === undefined) return this.bootstrap()
    if (a.partition !== undefined && (await heldPartition()) !== a.partition) return this.bootstrap()
    for (let guard = 0; guard < 10_000; guard++) {
      let page: PullResponse
      try {
        page = sameProtocol(await this.req<PullResponse>('GET', pullUrl(cursor, this.d.pageSize), a.token))
      } catch (e) {
        const err = asHttpError(e)
        if (syncOutcome(err) === 'gone') return this.bootstrap()
        throw err
      }
      const added = await storeRemote(page.ops ?? [], page.cursor, a.device, this.d.now())
      if (added > 0) this.d.onData?.()
      if (!page.more || page.cursor <= cursor) return
      cursor = page.cursor
    }
  }

  async bootstrap(): Promise<void> {
    const a = this.d.auth()
    if (!a) return
    const b = sameProtocol(await this.req<BootstrapResponse>('GET', bootstrapUrl(), a.token))
    await storeBootstrap(b.ops ?? [], b.cursor, b.exceptions ?? [], a.device, this.d.now(), a.partition)
    this.d.onData?.()
  }

  /** Pull only if the server's cursor (from an SSE poke) is ahead of ours. */
  async poke(serverCursor: number): Promise<void> {
    const mine = await getCursor()
    if (mine === undefined || serverCursor > mine) await this.sync()
  }

  /** One round: push, then pull. Concurrent calls coalesce into one extra round. */
  sync(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      do {
        this.again = false
        await this.round()
      } while (this.again && !this.stopped)
    })().finally(() => {
      this.running = null
    })
    return this.running
  }

  private async round(): Promise<void> {
    if (!this.d.auth()) return
    this.clearRetry()
    this.emit({ syncing: true })
    try {
      await this.push()
      await this.pull()
      const at = this.d.now()
      await setMeta(LAST_SYNC_KEY, at)
      this.attempt = 0
      this.emit({ syncing: false, error: null, lastSyncAt: at, retryAt: undefined })
    } catch (e) {
      const err = asHttpError(e)
      const outcome = syncOutcome(err)
      if (outcome === 'auth') {
        this.emit({ syncing: false, error: { kind: 'auth', detail: err.detail }, retryAt: undefined })
        this.d.onUnauthorized?.()
      } else if (outcome === 'version') {
        // No timer: every retry would get the same answer. The outbox stays as it is; the
        // app shows "update required", and the updated app pushes it.
        this.emit({ syncing: false, error: { kind: 'version', detail: err.detail }, retryAt: undefined })
      } else {
        const wait = Math.min(BACKOFF_CAP_MS, Math.max(backoffDelay(this.attempt++, this.d.random), (err.retryAfter ?? 0) * 1000))
        this.emit({
          syncing: false,
          error: { kind: err.status === 404 ? 'notReady' : 'retryable', detail: err.detail },
          retryAt: this.d.now() + wait,
        })
        this.timer = this.d.setTimer(() => {
          this.timer = null
          void this.sync()
        }, wait)
      }
    } finally {
      await this.refreshCounts().catch(() => {})
    }
  }

  private clearRetry() {
    if (this.timer !== null) this.d.clearTimer(this.timer)
    this.timer = null
  }

  /** Back online (or the user asked): forget the backoff and sync now. */
  kick(): Promise<void> {
    this.attempt = 0
    this.clearRetry()
    return this.sync()
  }

  stop() {
    this.stopped = true
    this.clearRetry()
  }

  /** for tests */
  get attempts() {
    return this.attempt
  }
}
