// How the sync client treats an HTTP answer (or its absence).
//  ok         2xx
//  auth       401: session ended or device revoked — stop, ask authstate which (never delete data)
//  permanent  400/413/422 on push: this batch will never be accepted as is → bisect to the bad op(s)
//  gone       410 on pull: cursor expired → bootstrap again (the outbox is kept)
//  retryable  network failure, 408, 429, 5xx, and 404 on /api/sync/* ("server not ready");
//             anything else unexpected too: retrying is safe, dropping data is not.
export type Outcome = 'ok' | 'auth' | 'permanent' | 'gone' | 'retryable'

export function classify(status: number | 'network'): Outcome {
  if (status === 'network') return 'retryable'
  if (status >= 200 && status < 300) return 'ok'
  if (status === 401) return 'auth'
  if (status === 400 || status === 413 || status === 422) return 'permanent'
  if (status === 410) return 'gone'
  return 'retryable'
}

export class SyncHttpError extends Error {
  constructor(
    readonly outcome: Exclude<Outcome, 'ok'>,
    readonly status: number | 'network',
    readonly detail: string,
    /** seconds from Retry-After, when the server said so */
    readonly retryAfter?: number,
  ) {
    super(`sync ${status}: ${detail}`)
  }
  /** 404 from a server whose sync endpoints are not deployed yet */
  get notReady(): boolean {
    return this.status === 404
  }
}
