import { useEffect, useState } from 'preact/hooks'
import { me as fetchMe } from './auth'
import { setUnauthorizedHandler } from './http/client'
import { HttpError } from './http/errors'
import {
  clearSession, loadDevice, loadSession, markRevoked, saveDevice, saveSession,
  type DeviceRecord, type SessionRecord,
} from './device'

// Which screen the app is on, decided by what IndexedDB holds: enrol → sign in → work.
export type AuthState =
  | { phase: 'loading' }
  | { phase: 'enroll' }
  | { phase: 'revoked'; device: DeviceRecord }
  | { phase: 'signin'; device: DeviceRecord }
  | { phase: 'ready'; device: DeviceRecord; session: SessionRecord }

let state: AuthState = { phase: 'loading' }
const listeners = new Set<(s: AuthState) => void>()

function set(next: AuthState) {
  state = next
  listeners.forEach((fn) => fn(next))
}

export const getAuth = () => state

export function subscribeAuth(fn: (s: AuthState) => void): () => void {
  listeners.add(fn)
  return () => void listeners.delete(fn)
}

export function useAuth(): AuthState {
  const [s, setS] = useState(state)
  useEffect(() => subscribeAuth(setS), [])
  return s
}

/** Re-read IndexedDB (at start, and when another tab changed enrolment or session). */
export async function loadAuth(): Promise<AuthState> {
  try {
    const device = await loadDevice()
    if (!device) set({ phase: 'enroll' })
    else if (device.revokedAt) set({ phase: 'revoked', device })
    else {
      const session = await loadSession()
      if (session && session.me.device_id === device.device_id) set({ phase: 'ready', device, session })
      else set({ phase: 'signin', device })
    }
  } catch {
    // IndexedDB unusable (private mode in some browsers): enrolment can't persist, but show the screen.
    set({ phase: 'enroll' })
  }
  return state
}

export async function enrolled(d: { device_id: string; token: string; warehouse_code: string }) {
  const device: DeviceRecord = { ...d, enrolledAt: Date.now() }
  await clearSession()
  await saveDevice(device)
  set({ phase: 'signin', device })
  announce()
}

export async function signedIn(session: SessionRecord) {
  const device = (await loadDevice())!
  await saveSession(session)
  set({ phase: 'ready', device, session })
  announce()
}

/** Shared handheld: end the session, keep the device enrolment (and all local data). */
export async function signOut() {
  await clearSession()
  const device = await loadDevice()
  set(device ? (device.revokedAt ? { phase: 'revoked', device } : { phase: 'signin', device }) : { phase: 'enroll' })
  announce()
}

export async function revoked() {
  const device = await markRevoked()
  if (device) set({ phase: 'revoked', device })
  announce()
}

let checking: Promise<void> | null = null

/**
 * The one place a 401 goes (the HTTP client calls this for every refused token): either the
 * session ended (expired, signed out elsewhere) or the device itself was revoked; a wrong PIN
 * at sign-in is a 401 too. Ask with the device token to tell them apart. Never deletes local data.
 */
export function handleUnauthorized(): Promise<void> {
  checking ??= (async () => {
    const s = state
    if (s.phase !== 'ready' && s.phase !== 'signin') return
    try {
      await fetchMe(s.device.token)
      if (s.phase === 'ready') await signOut()
    } catch (e) {
      if (e instanceof HttpError && e.kind === 'auth') await revoked()
      // network trouble: undecided, keep going; the next request will ask again
    }
  })().finally(() => {
    checking = null
  })
  return checking
}

setUnauthorizedHandler(() => void handleUnauthorized())

// Other tabs: enrolment or sign-in changed → re-read.
const chan: BroadcastChannel | null = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('packline-auth') : null
function announce() {
  chan?.postMessage({ type: 'auth-changed' })
}
if (chan) chan.onmessage = () => void loadAuth()
