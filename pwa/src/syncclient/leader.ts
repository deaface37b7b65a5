// One tab syncs at a time. With Web Locks the browser guarantees it (the lock is released
// when a tab closes or crashes). Without them, tabs elect one over a BroadcastChannel:
// the leader sends heartbeats; when they stop, another tab takes over; on a tie the lower
// id wins. Losing the lease only costs a duplicate push, which the server deduplicates.

export interface Leadership {
  stop(): void
  readonly isLeader: boolean
}

type OnLeader = () => (() => void) | void

export const LOCK_NAME = 'packline-sync'

interface LockManagerLike {
  request(name: string, cb: () => Promise<void>): Promise<unknown>
}

export function electLeader(onLeader: OnLeader, opts: { channelName?: string } = {}): Leadership {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks
  if (locks?.request) return lockLeader(locks, onLeader)
  if (typeof BroadcastChannel !== 'undefined') {
    return new ChannelLeader(new BroadcastChannel(opts.channelName ?? 'packline-leader'), onLeader)
  }
  // Nothing to coordinate with: this tab is alone as far as we can tell.
  const cleanup = onLeader()
  return { isLeader: true, stop: () => cleanup?.() }
}

function lockLeader(locks: LockManagerLike, onLeader: OnLeader): Leadership {
  let release: (() => void) | null = null
  let leader = false
  let stopped = false
  void locks
    .request(LOCK_NAME, () => {
      if (stopped) return Promise.resolve()
      leader = true
      const cleanup = onLeader()
      return new Promise<void>((resolve) => {
        release = () => {
          leader = false
          cleanup?.()
          resolve()
        }
      })
    })
    .catch(() => {})
  return {
    get isLeader() {
      return leader
    },
    stop() {
      stopped = true
      release?.()
    },
  }
}

export interface ChannelLike {
  postMessage(m: unknown): void
  onmessage: ((e: MessageEvent) => void) | null
  close(): void
}

type Msg = { t: 'hb'; id: string } | { t: 'bye'; id: string }

export class ChannelLeader implements Leadership {
  static HEARTBEAT_MS = 1_000
  static TIMEOUT_MS = 3_500
  readonly id: string
  private leader = false
  private lastHeard = 0
  private timer: ReturnType<typeof setInterval>
  private cleanup: (() => void) | void = undefined

  constructor(
    private readonly ch: ChannelLike,
    private readonly onLeader: OnLeader,
    private readonly now: () => number = Date.now,
    id?: string,
  ) {
    this.id = id ?? `${now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
    // Give an existing leader one timeout to announce itself before claiming.
    this.lastHeard = now()
    ch.onmessage = (e) => this.receive(e.data as Msg)
    this.timer = setInterval(() => this.tick(), ChannelLeader.HEARTBEAT_MS)
  }

  get isLeader() {
    return this.leader
  }

  private become(on: boolean) {
    if (on === this.leader) return
    this.leader = on
    if (on) {
      this.cleanup = this.onLeader()
      this.ch.postMessage({ t: 'hb', id: this.id } satisfies Msg)
    } else {
      this.cleanup?.()
      this.cleanup = undefined
    }
  }

  private receive(m: Msg) {
    if (!m || m.id === this.id) return
    if (m.t === 'bye') {
      // The leader left: take over at the next tick (lowest id settles any race).
      this.lastHeard = 0
      return
    }
    if (m.t === 'hb') {
      if (this.leader && m.id < this.id) this.become(false)
      if (!this.leader) this.lastHeard = this.now()
    }
  }

  tick() {
    if (this.leader) this.ch.postMessage({ t: 'hb', id: this.id } satisfies Msg)
    else if (this.now() - this.lastHeard >= ChannelLeader.TIMEOUT_MS) this.become(true)
  }

  stop() {
    clearInterval(this.timer)
    if (this.leader) this.ch.postMessage({ t: 'bye', id: this.id } satisfies Msg)
    this.become(false)
    this.ch.close()
  }
}
