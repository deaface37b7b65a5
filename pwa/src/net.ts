import { useEffect, useState } from 'preact/hooks'
import { get } from './http/client'
import { serverReachable, subscribeReachability } from './http/reachability'
import { backoffDelay } from './syncclient/backoff'

/** Online means both: the browser has a network (navigator.onLine, only a hint) and the last
 * call to the server got an answer (http/reachability.ts). That is what staff need to know. */
export function isOnline(): boolean {
  return (globalThis.navigator?.onLine ?? true) && serverReachable()
}

// While the server is unreachable, ask it (a health check) with backoff, so the app notices
// it is back without waiting for the sync engine's longer retry delays. The first success
// flips reachability, which wakes the sync (syncclient/hub.ts) like an 'online' event.
const PROBE_CAP_MS = 8_000
let probeTimer: ReturnType<typeof setTimeout> | null = null
let probeAttempt = 0

function probeSoon(delay = backoffDelay(probeAttempt++)) {
  if (probeTimer !== null || serverReachable()) return
  probeTimer = setTimeout(() => {
    probeTimer = null
    if (serverReachable()) return
    get('/api/health').catch(() => probeSoon())
  }, Math.min(delay, PROBE_CAP_MS))
}

if (typeof window !== 'undefined') {
  subscribeReachability((ok) => {
    if (ok) {
      probeAttempt = 0
      if (probeTimer !== null) clearTimeout(probeTimer)
      probeTimer = null
    } else probeSoon()
  })
  window.addEventListener('online', () => {
    if (serverReachable()) return
    if (probeTimer !== null) clearTimeout(probeTimer)
    probeTimer = null
    probeAttempt = 0
    probeSoon(0)
  })
}

/** Something suggests the link is gone (the live stream dropped): ask the server now, so the
 * indicator says "offline" when it is, not at the next sync. No-op while a probe is due. */
let checking = false
export function checkReachability(): void {
  if (checking || !serverReachable()) return
  checking = true
  get('/api/health').catch(() => {}).finally(() => {
    checking = false
  })
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(isOnline)
  useEffect(() => {
    const update = () => setOnline(isOnline())
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
    const unsubscribe = subscribeReachability(update)
    update()
    return () => {
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
      unsubscribe()
    }
  }, [])
  return online
}
