import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ChannelLeader, electLeader, type ChannelLike } from './leader'

/** An in-memory BroadcastChannel: a message reaches every other member, like the real one. */
function bus() {
  const members = new Set<ChannelLike>()
  return () => {
    const ch: ChannelLike = {
      onmessage: null,
      postMessage(m) {
        for (const o of members) if (o !== ch) o.onmessage?.({ data: m } as MessageEvent)
      },
      close() {
        members.delete(ch)
      },
    }
    members.add(ch)
    return ch
  }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('ChannelLeader (no Web Locks)', () => {
  it('elects exactly one syncing tab, and another takes over when it closes', () => {
    const join = bus()
    const started: string[] = []
    const a = new ChannelLeader(join(), () => void started.push('a'), Date.now, 'a')
    vi.advanceTimersByTime(4_000)
    const b = new ChannelLeader(join(), () => void started.push('b'), Date.now, 'b')
    vi.advanceTimersByTime(10_000)
    expect([a.isLeader, b.isLeader]).toEqual([true, false])
    expect(started).toEqual(['a'])
    a.stop() // the tab closes: it says goodbye
    vi.advanceTimersByTime(2_000)
    expect(b.isLeader).toBe(true)
    expect(started).toEqual(['a', 'b'])
    b.stop()
  })

  it('settles a tie: the lower id keeps the lead and the other stands down', () => {
    const join = bus()
    const stopped: string[] = []
    const x = new ChannelLeader(join(), () => () => void stopped.push('x'), Date.now, 'x')
    const y = new ChannelLeader(join(), () => () => void stopped.push('y'), Date.now, 'y')
    vi.advanceTimersByTime(20_000)
    expect([x.isLeader, y.isLeader].filter(Boolean).length).toBe(1)
    x.stop()
    y.stop()
  })
})

describe('electLeader with Web Locks', () => {
  it('runs the leader callback while holding the lock and cleans up on stop', async () => {
    const held: string[] = []
    const locks = {
      request: vi.fn((name: string, cb: () => Promise<void>) => {
        held.push(name)
        return cb().then(() => void held.splice(held.indexOf(name), 1))
      }),
    }
    vi.stubGlobal('navigator', { locks })
    const cleanup = vi.fn()
    const l = electLeader(() => cleanup)
    await Promise.resolve()
    expect(l.isLeader).toBe(true)
    expect(held).toEqual(['packline-sync'])
    l.stop()
    await vi.runAllTimersAsync()
    expect(cleanup).toHaveBeenCalledOnce()
    expect(held).toEqual([])
    vi.unstubAllGlobals()
  })
})
