import { afterEach, describe, expect, it, vi } from 'vitest'
import { call, get, post, setUnauthorizedHandler } from './client'
import { HttpError, kindOf } from './errors'
import { noteReachable, serverReachable, subscribeReachability } from './reachability'

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
const answering = (res: () => Response | Promise<Response>) => vi.fn(async () => res()) as unknown as typeof fetch
const failing = () => vi.fn(async () => { throw new TypeError('Failed to fetch') }) as unknown as typeof fetch

async function caught(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError)
    return e as HttpError
  }
  throw new Error('expected a refusal')
}

afterEach(() => {
  setUnauthorizedHandler(null)
  noteReachable(true)
})

describe('the error model', () => {
  it.each([
    ['network', 'retryable'], [408, 'retryable'], [429, 'retryable'], [500, 'retryable'], [503, 'retryable'],
    [401, 'auth'], [426, 'version'], [400, 'permanent'], [403, 'permanent'], [404, 'permanent'],
    [409, 'permanent'], [410, 'permanent'], [413, 'permanent'], [422, 'permanent'],
  ] as const)('%s → %s', (status, kind) => {
    expect(kindOf(status)).toBe(kind)
  })
})

describe('call', () => {
  it('sends JSON with the bearer token and returns the JSON answer (2xx)', async () => {
    for (const status of [200, 201]) {
      const f = answering(() => json({ ok: 1 }, status))
      expect(await post('/api/x', { a: 1 }, { token: 'pls_t', fetch: f })).toEqual({ ok: 1 })
      const [url, init] = (f as unknown as { mock: { calls: [string, RequestInit][] } }).mock.calls[0]!
      expect(url).toBe('/api/x')
      expect(init.method).toBe('POST')
      expect(init.body).toBe('{"a":1}')
      expect(init.headers).toMatchObject({ Authorization: 'Bearer pls_t', 'Content-Type': 'application/json' })
    }
  })

  it('turns an error body into detail, extra and Retry-After', async () => {
    const e = await caught(get('/api/x', { fetch: answering(() => json({ status_code: 429, detail: 'slow down' }, 429, { 'Retry-After': '12' })) }))
    expect(e).toMatchObject({ status: 429, kind: 'retryable', detail: 'slow down', retryAfter: 12 })
    const v = await caught(get('/api/sync/pull', {
      fetch: answering(() => json({ status_code: 426, detail: 'update', extra: { error: 'protocol_version', client: 1, supported: [2, 3] } }, 426)),
    }))
    expect(v.kind).toBe('version')
    expect(v.versions).toEqual({ client: 1, supported: [2, 3] })
    const plain = await caught(get('/api/x', { fetch: answering(() => new Response('<html>', { status: 502, statusText: 'Bad Gateway' })) }))
    expect(plain).toMatchObject({ status: 502, kind: 'retryable', detail: 'Bad Gateway' })
  })

  it('reports a network failure as a retryable HttpError and the server as unreachable until it answers', async () => {
    const seen: boolean[] = []
    const off = subscribeReachability((r) => seen.push(r))
    const e = await caught(get('/api/x', { fetch: failing() }))
    expect(e).toMatchObject({ status: 'network', kind: 'retryable', network: true })
    expect(serverReachable()).toBe(false)
    await caught(get('/api/x', { fetch: answering(() => json({}, 503)) })) // an answer, even a 503
    expect(serverReachable()).toBe(true)
    expect(seen).toEqual([false, true])
    off()
  })

  it('sends every refused token to the one 401 handler, except when asking whether a token is good', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    const f = answering(() => json({ detail: 'token is invalid' }, 401))
    expect((await caught(call('GET', '/api/a', { token: 'pls_a', fetch: f }))).kind).toBe('auth')
    await caught(call('GET', '/api/auth/me', { token: 'pld_d', fetch: f, probe: true }))
    await caught(call('POST', '/api/devices/claim', { body: {}, fetch: f })) // no token: nothing to refuse
    expect(handler.mock.calls).toEqual([['pls_a']])
  })

  it('a cut-off 2xx body is retryable, not data', async () => {
    const e = await caught(get('/api/x', { fetch: answering(() => new Response('{"ops": [', { status: 200 })) }))
    expect(e.kind).toBe('retryable')
  })
})
