import { HttpError } from './errors'
import { noteReachable } from './reachability'

// The one HTTP client of the app and its service worker: every call to the server goes
// through `call`, so every failure is an HttpError of one of four kinds (errors.ts), every
// 401 reaches one handler (authstate decides: session over, or device revoked), and every
// answer or network failure tells the reachability indicator (reachability.ts).
// No preact, no IndexedDB here: the service worker uses it too.

export interface CallOptions {
  /** device or session token, sent as a bearer */
  token?: string
  /** JSON-encoded as the request body */
  body?: unknown
  signal?: AbortSignal
  /** a fetch of the caller's (tests, the sync engine's fake server) */
  fetch?: typeof fetch
  /** a 401 here is the answer being asked for (is this token still good?): not reported */
  probe?: boolean
}

type UnauthorizedHandler = (token: string) => void
let onUnauthorized: UnauthorizedHandler | null = null

/** The one place a refused token goes (set by authstate; absent in the service worker). */
export function setUnauthorizedHandler(fn: UnauthorizedHandler | null): void {
  onUnauthorized = fn
}

const defaultFetch: typeof fetch = (...a) => globalThis.fetch(...a)

export async function call<T>(method: string, url: string, o: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (o.token) headers.Authorization = `Bearer ${o.token}`
  if (o.body !== undefined) headers['Content-Type'] = 'application/json'
  let res: Response
  try {
    res = await (o.fetch ?? defaultFetch)(url, {
      method, headers, signal: o.signal, body: o.body === undefined ? undefined : JSON.stringify(o.body),
    })
  } catch (e) {
    if (o.signal?.aborted) throw e // the caller gave up: not a network failure
    noteReachable(false)
    throw new HttpError('network', e instanceof Error ? e.message : String(e))
  }
  noteReachable(true)
  if (res.ok) {
    try {
      return (await res.json()) as T
    } catch (e) {
      // A cut connection mid-body, or a proxy's HTML page: nothing usable arrived.
      throw new HttpError(res.status, `bad response body: ${String(e)}`, undefined, undefined, 'retryable')
    }
  }
  const err = await errorOf(res)
  if (err.kind === 'auth' && o.token && !o.probe) onUnauthorized?.(o.token)
  throw err
}

/** Error bodies are {"status_code", "detail", "extra"?} (server/errors.py). */
async function errorOf(res: Response): Promise<HttpError> {
  let detail = res.statusText || `HTTP ${res.status}`
  let extra: Record<string, unknown> | undefined
  try {
    const j = (await res.json()) as { detail?: unknown; extra?: unknown }
    if (typeof j?.detail === 'string') detail = j.detail
    if (j?.extra && typeof j.extra === 'object' && !Array.isArray(j.extra)) extra = j.extra as Record<string, unknown>
  } catch {
    /* not JSON */
  }
  const ra = Number(res.headers.get('Retry-After'))
  return new HttpError(res.status, detail, Number.isFinite(ra) && ra > 0 ? ra : undefined, extra)
}

export const get = <T>(url: string, o?: Omit<CallOptions, 'body'>) => call<T>('GET', url, o)
export const post = <T>(url: string, body?: unknown, o?: Omit<CallOptions, 'body'>) => call<T>('POST', url, { ...o, body })

/**
 * A long-lived GET whose body is read as it arrives (the live stream). Same road as `call`:
 * the token goes in the Authorization header (never in the URL, where it would reach logs),
 * a refusal is an HttpError and a 401 reaches the one handler. Resolves with the body once
 * the server has answered 2xx.
 */
export async function openBody(url: string, o: Omit<CallOptions, 'body'> = {}): Promise<ReadableStream<Uint8Array>> {
  const headers: Record<string, string> = { Accept: 'text/event-stream' }
  if (o.token) headers.Authorization = `Bearer ${o.token}`
  let res: Response
  try {
    res = await (o.fetch ?? defaultFetch)(url, { method: 'GET', headers, signal: o.signal, cache: 'no-store' })
  } catch (e) {
    if (o.signal?.aborted) throw e
    noteReachable(false)
    throw new HttpError('network', e instanceof Error ? e.message : String(e))
  }
  noteReachable(true)
  if (res.ok && res.body) return res.body
  const err = res.ok ? new HttpError(res.status, 'empty stream body', undefined, undefined, 'retryable') : await errorOf(res)
  if (err.kind === 'auth' && o.token && !o.probe) onUnauthorized?.(o.token)
  throw err
}
