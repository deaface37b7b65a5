import { describe, expect, it, vi } from 'vitest'
import { freshIndexedDbPerTest } from '../../test/idb'
import { allOps, createOp, getCursor, pendingCount, rejectedOps } from '../outbox/store'
import type { Op } from '../sync'
import { backoffDelay, BACKOFF_CAP_MS } from './backoff'
import { HttpError } from '../http/errors'
import { PROTOCOL_VERSION } from '../sync'
import { SyncEngine, syncOutcome, type EngineDeps } from './engine'

const DEVICE = 'PDA-1'
const scan = (tracking: string) => ({ kind: 'parcel.scan_out', etype: 'order', eid: 'O-1', payload: { tracking } })

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })

/** A scripted server: push/pull/bootstrap handlers, and a log of what was sent. */
function server(h: Partial<Record<'push' | 'pull' | 'bootstrap', Handler>>) {
  const calls: { path: string; url: string; body?: { protocol: number; ops: Op[] } }[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input)
    const path = url.split('?')[0]!.replace('/api/sync/', '')
    calls.push({ path, url, body: init.body ? (JSON.parse(String(init.body)) as { protocol: number; ops: Op[] }) : undefined })
    const fn = h[path as 'push' | 'pull' | 'bootstrap']
    if (!fn) return json({ ops: [], cursor: 0, more: false })
    return fn(url, init)
  }) as unknown as typeof globalThis.fetch
  return { fetch, calls }
}
const acceptAll: Handler = (_u, init) => {
  const { ops } = JSON.parse(String(init.body)) as { ops: Op[] }
  return json({ results: ops.map((o) => ({ id: `${o.device}:${o.seq}`, status: 'accepted' })), cursor: 1 })
}

function engine(fetch: typeof globalThis.fetch, extra: Partial<EngineDeps> = {}) {
  const timers: { fn: () => void; ms: number }[] = []
  const e = new SyncEngine({
    auth: () => ({ device: DEVICE, token: 'pls_x' }),
    fetch,
    random: () => 0.5,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
    ...extra,
  })
  return { e, timers }
}

freshIndexedDbPerTest()

// The sync's policy over the one error model (http/errors.ts); 2xx is no error at all
// (http/client.test.ts). A batch refusal is the only answer that can move an op out of the outbox.
describe('syncOutcome', () => {
  it.each([
    [401, 'auth'], [400, 'bisect'], [413, 'bisect'], [422, 'bisect'],
    [410, 'gone'], [408, 'retryable'], [429, 'retryable'], [500, 'retryable'], [503, 'retryable'],
    [404, 'retryable'], [403, 'retryable'], ['network', 'retryable'], [426, 'version'],
  ] as const)('%s → %s', (status, want) => {
    expect(syncOutcome(new HttpError(status, 'x'))).toBe(want)
  })
})

describe('backoff', () => {
  it('doubles from 1 s to a 60 s cap, with ±25 % jitter', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(1_000)
    expect(backoffDelay(3, () => 0.5)).toBe(8_000)
    expect(backoffDelay(3, () => 0)).toBe(6_000)
    expect(backoffDelay(3, () => 1)).toBe(10_000)
    expect(backoffDelay(50, () => 1)).toBe(BACKOFF_CAP_MS)
  })
})

describe('SyncEngine', () => {
  it('pushes pending ops in seq order, then pulls, and empties the outbox', async () => {
    for (const t of ['A', 'B', 'C']) await createOp(DEVICE, 'K001', scan(t))
    const s = server({ push: acceptAll, bootstrap: () => json({ ops: [], cursor: 5, exceptions: [] }) })
    const { e } = engine(s.fetch)
    await e.sync()
    expect(s.calls.map((c) => c.path)).toEqual(['push', 'bootstrap'])
    expect(s.calls[0]!.body!.ops.map((o) => o.seq)).toEqual([1, 2, 3])
    // Every request names the protocol version (docs/sync-server.md, "Protocol version").
    expect(s.calls[0]!.body!.protocol).toBe(PROTOCOL_VERSION)
    expect(new URL(s.calls[1]!.url, 'http://x').searchParams.get('protocol')).toBe(String(PROTOCOL_VERSION))
    expect(await pendingCount(DEVICE)).toBe(0)
    expect(await getCursor()).toBe(5)
    expect(e.status).toMatchObject({ pending: 0, syncing: false, error: null })
    expect(e.status.lastSyncAt).toBeGreaterThan(0)
  })

  it('keeps ops and backs off on a network failure, then succeeds on retry', async () => {
    await createOp(DEVICE, 'K001', scan('A'))
    let down = true
    const s = server({
      push: (u, i) => {
        if (down) throw new TypeError('Failed to fetch')
        return acceptAll(u, i)
      },
    })
    const { e, timers } = engine(s.fetch)
    await e.sync()
    expect(await pendingCount(DEVICE)).toBe(1)
    expect(e.status.error?.kind).toBe('retryable')
    expect(timers.map((t) => t.ms)).toEqual([1_000])
    await e.sync() // the timer firing
    expect(timers.map((t) => t.ms)).toEqual([1_000, 2_000]) // exponential
    down = false
    await e.sync()
    expect(await pendingCount(DEVICE)).toBe(0)
    expect(e.attempts).toBe(0)
    expect(e.status.error).toBeNull()
  })

  it('treats 5xx as retryable and honours Retry-After on 429', async () => {
    await createOp(DEVICE, 'K001', scan('A'))
    const s = server({ push: () => json({ detail: 'slow down' }, 429, { 'Retry-After': '30' }) })
    const { e, timers } = engine(s.fetch)
    await e.sync()
    expect(timers[0]!.ms).toBe(30_000)
    expect(await pendingCount(DEVICE)).toBe(1)
    const s2 = server({ push: () => json({ detail: 'boom' }, 503) })
    const { e: e2, timers: t2 } = engine(s2.fetch)
    await e2.sync()
    expect(t2.length).toBe(1)
    expect(await pendingCount(DEVICE)).toBe(1)
  })

  it('a rejected op never stalls the queue and is never dropped', async () => {
    for (const t of ['A', 'B', 'C']) await createOp(DEVICE, 'K001', scan(t))
    const s = server({
      push: (_u, init) => {
        const { ops } = JSON.parse(String(init.body)) as { ops: Op[] }
        return json({
          results: ops.map((o) => ({ id: `${o.device}:${o.seq}`, ...(o.seq === 1 ? { status: 'rejected', reason: 'forbidden' } : { status: 'accepted' }) })),
          cursor: 3,
        })
      },
    })
    const { e, timers } = engine(s.fetch)
    await e.sync()
    expect(await pendingCount(DEVICE)).toBe(0)
    expect((await rejectedOps()).map((r) => [r.id, r.reason])).toEqual([[`${DEVICE}:1`, 'forbidden']])
    expect((await allOps()).length).toBe(3)
    expect(timers).toEqual([])
    expect(e.status.rejected).toBe(1)
    // A later op still goes through.
    await createOp(DEVICE, 'K001', scan('D'))
    await e.sync()
    expect(await pendingCount(DEVICE)).toBe(0)
  })

  it('bisects a batch the server refuses as a whole down to the bad op', async () => {
    for (const t of ['A', 'B', 'BAD', 'C', 'D']) await createOp(DEVICE, 'K001', scan(t))
    const s = server({
      push: (u, init) => {
        const { ops } = JSON.parse(String(init.body)) as { ops: Op[] }
        if (ops.some((o) => o.payload.tracking === 'BAD')) return json({ detail: 'malformed op 0' }, 400)
        return acceptAll(u, init)
      },
    })
    const { e } = engine(s.fetch)
    await e.sync()
    expect(await pendingCount(DEVICE)).toBe(0)
    const rej = await rejectedOps()
    expect(rej.map((r) => r.op.payload.tracking)).toEqual(['BAD'])
    expect(rej[0]).toMatchObject({ reason: 'http_400', detail: 'malformed op 0' })
    const pushes = s.calls.filter((c) => c.path === 'push').length
    expect(pushes).toBeLessThanOrEqual(8) // ~2·log2(5)+1, not one request per op
  })

  it('stops on 401 and lets authstate decide (no retry loop, nothing deleted)', async () => {
    await createOp(DEVICE, 'K001', scan('A'))
    const onUnauthorized = vi.fn()
    const s = server({ push: () => json({ detail: 'token is invalid' }, 401) })
    const { e, timers } = engine(s.fetch, { onUnauthorized })
    await e.sync()
    expect(onUnauthorized).toHaveBeenCalledOnce()
    expect(timers).toEqual([])
    expect(e.status.error?.kind).toBe('auth')
    expect(await pendingCount(DEVICE)).toBe(1)
  })

  it('re-bootstraps when the pull cursor expired (410), keeping the outbox', async () => {
    const s = server({
      bootstrap: () => json({ ops: [], cursor: 100, exceptions: [] }),
      pull: () => json({ detail: 'cursor expired: bootstrap again' }, 410),
    })
    const { e } = engine(s.fetch)
    await e.sync() // no cursor yet → bootstrap
    expect(await getCursor()).toBe(100)
    await createOp(DEVICE, 'K001', scan('A'))
    await e.pull() // 410 → bootstrap again
    expect(s.calls.map((c) => c.path)).toEqual(['bootstrap', 'pull', 'bootstrap'])
    expect(await pendingCount(DEVICE)).toBe(1)
  })

  it('pages through pull until `more` is false', async () => {
    const op = (seq: number): Op => ({ device: 'srv', seq, wall: seq, ctr: 0, actor: 'system', kind: 'label.print', etype: 'order', eid: `O-${seq}`, payload: { tracking: `T${seq}` } })
    const pages = [
      { ops: [op(1), op(2)], cursor: 2, more: true },
      { ops: [op(3)], cursor: 9, more: false },
    ]
    const onData = vi.fn()
    const s = server({
      bootstrap: () => json({ ops: [], cursor: 0 }),
      pull: () => json(pages.shift()),
    })
    const { e } = engine(s.fetch, { onData })
    await e.bootstrap()
    await e.pull()
    expect(await getCursor()).toBe(9)
    expect((await allOps()).length).toBe(3)
    expect(onData).toHaveBeenCalled()
  })

  it('a poke only syncs when the server is ahead', async () => {
    const s = server({ bootstrap: () => json({ ops: [], cursor: 7 }) })
    const { e } = engine(s.fetch)
    await e.sync()
    const before = s.calls.length
    await e.poke(7)
    expect(s.calls.length).toBe(before)
    await e.poke(8)
    expect(s.calls.length).toBeGreaterThan(before)
  })

  it('sends the core protocol version with every push, pull and bootstrap', async () => {
    await createOp(DEVICE, 'K001', scan('A'))
    const s = server({ push: acceptAll, bootstrap: () => json({ protocol: PROTOCOL_VERSION, ops: [], cursor: 1 }) })
    const { e } = engine(s.fetch)
    await e.sync()
    await e.pull()
    expect(s.calls.map((c) => c.path)).toEqual(['push', 'bootstrap', 'pull'])
    expect(s.calls[0]!.body!.protocol).toBe(PROTOCOL_VERSION)
    for (const c of s.calls.slice(1)) expect(new URL(c.url, 'http://x').searchParams.get('protocol')).toBe(String(PROTOCOL_VERSION))
  })
})

/** A newer server that speaks only `speaks`: 426 for anything else, as the wire decision says. */
function newerServer(speaks: number[]) {
  const refuse = (client: number) =>
    json({ status_code: 426, detail: 'update the app', extra: { error: 'protocol_version', client, supported: speaks } }, 426)
  return server({
    push: (u, init) => {
      const body = JSON.parse(String(init.body)) as { protocol: number; ops: Op[] }
      return speaks.includes(body.protocol) ? acceptAll(u, init) : refuse(body.protocol)
    },
    pull: (u) => refuse(Number(new URL(u, 'http://x').searchParams.get('protocol'))),
    bootstrap: (u) => refuse(Number(new URL(u, 'http://x').searchParams.get('protocol'))),
  })
}

describe('an older client against a newer server', () => {
  it('stops on 426 with "update required", keeps every pending op and never retries by itself', async () => {
    for (const t of ['A', 'B', 'C']) await createOp(DEVICE, 'K001', scan(t))
    const s = newerServer([PROTOCOL_VERSION + 1])
    const { e, timers } = engine(s.fetch)
    await e.sync()
    expect(e.status.error).toMatchObject({ kind: 'version', detail: 'update the app' })
    expect(timers).toEqual([]) // no backoff loop against a server that will never accept
    expect(await pendingCount(DEVICE)).toBe(3) // nothing rejected, nothing dropped
    expect(await rejectedOps()).toEqual([])
    expect(s.calls.filter((c) => c.path === 'push').length).toBe(1) // no bisection either
    // Asked again (back online, a poke): the same answer, the same outbox.
    await e.kick()
    expect(await pendingCount(DEVICE)).toBe(3)
    expect(e.status.error?.kind).toBe('version')
  })

  it('stops on a 426 from pull and bootstrap too, storing nothing', async () => {
    const s = newerServer([PROTOCOL_VERSION + 1])
    const { e, timers } = engine(s.fetch)
    await e.sync()
    expect(e.status.error?.kind).toBe('version')
    expect(timers).toEqual([])
    expect(await getCursor()).toBeUndefined()
  })

  it('treats an answer in another protocol as a version error and stores none of it', async () => {
    const op: Op = { device: 'srv', seq: 1, wall: 1, ctr: 0, actor: 'system', kind: 'label.print', etype: 'order', eid: 'O-1', payload: { tracking: 'T1' } }
    const s = server({ bootstrap: () => json({ protocol: PROTOCOL_VERSION + 1, ops: [op], cursor: 5 }) })
    const { e } = engine(s.fetch)
    await e.sync()
    expect(e.status.error?.kind).toBe('version')
    expect(await allOps()).toEqual([])
    expect(await getCursor()).toBeUndefined()
  })

  it('syncs again once the server speaks its version (the app was updated, or the server rolled back)', async () => {
    await createOp(DEVICE, 'K001', scan('A'))
    const { e } = engine(newerServer([PROTOCOL_VERSION + 1]).fetch)
    await e.sync()
    expect(await pendingCount(DEVICE)).toBe(1)
    const { e: e2 } = engine(newerServer([PROTOCOL_VERSION, PROTOCOL_VERSION + 1]).fetch)
    await e2.push()
    expect(await pendingCount(DEVICE)).toBe(0)
  })
})

// Demo finding (issue 12): a manager signing in after a courier pulled on from the
// courier's cursor and saw 0 orders forever. Another partition's data is re-bootstrapped.
describe('partition', () => {
  it('bootstraps when the held data belongs to another partition, then pulls on', async () => {
    const s = server({
      bootstrap: () => json({ ops: [], cursor: 7, exceptions: [] }),
      pull: () => json({ ops: [], cursor: 7, more: false }),
    })
    const courier = engine(s.fetch, { auth: () => ({ device: DEVICE, token: 'pls_c', partition: 'route:D001' }) }).e
    await courier.pull()
    await courier.pull()
    const manager = engine(s.fetch, { auth: () => ({ device: DEVICE, token: 'pls_m', partition: 'warehouse' }) }).e
    await manager.pull()
    await manager.pull()
    expect(s.calls.map((c) => c.path)).toEqual(['bootstrap', 'pull', 'bootstrap', 'pull'])
  })
})
