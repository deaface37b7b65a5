// The one error model of every call to the server (src/http/client.ts). Four kinds, each with
// one meaning for every caller:
//   retryable  the request may work later as is: no connection, 408, 429, 5xx
//   permanent  the server refused this request for good: other 4xx (the caller decides
//              what that means for its data; the sync engine keeps every op, see engine.ts)
//   auth       401: the token was refused (session over, or the device revoked)
//   version    426: the server no longer speaks this app's sync protocol: update the app
export type ErrorKind = 'retryable' | 'permanent' | 'auth' | 'version'

export function kindOf(status: number | 'network'): ErrorKind {
  if (status === 'network') return 'retryable'
  if (status === 401) return 'auth'
  if (status === 426) return 'version'
  if (status === 408 || status === 429 || status >= 500) return 'retryable'
  if (status >= 400) return 'permanent'
  // A 1xx/3xx that fetch did not follow: nothing was done, so trying again is safe.
  return 'retryable'
}

/** What a 426 says (docs/sync-protocol.md §10): the client's version and the server's. */
export interface VersionRefusal {
  client: number | null
  supported: number[]
}

export class HttpError extends Error {
  override name = 'HttpError'
  readonly kind: ErrorKind
  constructor(
    /** the HTTP status, or 'network' when no answer came (offline, refused, reset) */
    readonly status: number | 'network',
    /** the server's `detail`, or the browser's words for a network failure */
    readonly detail: string,
    /** seconds, from Retry-After */
    readonly retryAfter?: number,
    /** the error body's `extra` (e.g. the 426's versions), when it had one */
    readonly extra?: Readonly<Record<string, unknown>>,
    kind?: ErrorKind,
  ) {
    super(status === 'network' ? `network: ${detail}` : `HTTP ${status}: ${detail}`)
    this.kind = kind ?? kindOf(status)
  }

  /** No answer at all: the device is offline or the server unreachable. */
  get network(): boolean {
    return this.status === 'network'
  }

  /** For a `version` error: what the server supports, if it said. */
  get versions(): VersionRefusal {
    const x = this.extra ?? {}
    const supported = Array.isArray(x.supported) ? x.supported.filter((v): v is number => typeof v === 'number') : []
    return { client: typeof x.client === 'number' ? x.client : null, supported }
  }
}
