// Can this device reach the server? navigator.onLine only knows about the local link (Wi-Fi
// up, server down, or a captive portal, reads "online"), so every call's outcome is the
// better witness: an answer of any status means reachable, no answer means not.
// Framework-free (the service worker's calls report here too, to no listener).

type Listener = (reachable: boolean) => void
let reachable = true
const listeners = new Set<Listener>()

export function noteReachable(ok: boolean): void {
  if (ok === reachable) return
  reachable = ok
  listeners.forEach((fn) => fn(ok))
}

export const serverReachable = (): boolean => reachable

export function subscribeReachability(fn: Listener): () => void {
  listeners.add(fn)
  return () => void listeners.delete(fn)
}
