// Web Push after sign-in: subscribe this browser with the server's VAPID key and tell the
// server whose phone it is. A push never carries data, only "sync now" (sw.ts shows the
// text and wakes the sync); so a browser without push (or a denied permission) loses
// nothing but the wake-up: SSE and the periodic sync still bring every change.
import { call } from './http/client'

const b64urlToBytes = (s: string): Uint8Array<ArrayBuffer> => {
  const pad = '='.repeat((4 - (s.length % 4)) % 4)
  const raw = atob((s + pad).replace(/-/g, '+').replace(/_/g, '/'))
  const out = new Uint8Array(new ArrayBuffer(raw.length))
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i)
  return out
}

/** Subscribe (idempotent). Resolves 'subscribed', or why not, never throws. */
export async function enablePush(token: string): Promise<'subscribed' | 'unsupported' | 'denied' | 'failed'> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return 'unsupported'
  try {
    const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission
    if (permission !== 'granted') return 'denied'
    const registration = await navigator.serviceWorker.ready
    const { key } = await call<{ key: string }>('GET', '/api/push/key', { token })
    const sub =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: b64urlToBytes(key) }))
    await call('POST', '/api/push/subscriptions', { token, body: sub.toJSON() })
    return 'subscribed'
  } catch {
    // No push service reachable (offline, or a browser build without one): try next sign-in.
    return 'failed'
  }
}

/** Before someone else signs in on this phone: their notifications must not come here. */
export async function disablePush(token: string): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.ready
    const sub = await registration?.pushManager?.getSubscription()
    if (!sub) return
    await call('POST', '/api/push/unsubscribe', { token, body: { endpoint: sub.endpoint } })
    await sub.unsubscribe()
  } catch {
    /* best effort: the server also rebinds the subscription to the next person */
  }
}
