import { deleteMeta, getMeta, setMeta } from './db'

// Device enrolment and the signed-in session live in IndexedDB (`meta` store), so they
// survive reloads and are readable by every tab (and, if needed, the service worker).
export interface DeviceRecord {
  device_id: string
  token: string
  warehouse_code: string
  enrolledAt: number
  /** set when the server refused the device token: the device was revoked or unenrolled */
  revokedAt?: number
}

export interface Me {
  device_id: string
  warehouse_code: string
  employee_code: string
  name: string
  roles: string[]
}

export interface SessionRecord {
  token: string
  expires_at: string
  me: Me
}

const DEVICE = 'device'
const SESSION = 'session'

export const loadDevice = () => getMeta<DeviceRecord>(DEVICE)
export const saveDevice = (d: DeviceRecord) => setMeta(DEVICE, d)

export async function markRevoked(now = Date.now()): Promise<DeviceRecord | undefined> {
  const d = await loadDevice()
  if (!d) return undefined
  const next = { ...d, revokedAt: d.revokedAt ?? now }
  await saveDevice(next)
  return next
}

/** A fresh enrolment replaces the old device record; the old device's outbox stays in IndexedDB. */
export async function forgetDevice(): Promise<void> {
  await deleteMeta(SESSION)
  await deleteMeta(DEVICE)
}

/**
 * The session is kept even past `expires_at`: a picker offline beyond the end of the session
 * keeps working (ops carry their actor and wait in the outbox). The server decides: the
 * next sync gets a 401, authstate asks which token failed and returns to sign-in, and the
 * outbox is pushed by whoever signs in next.
 */
export async function loadSession(): Promise<SessionRecord | undefined> {
  return getMeta<SessionRecord>(SESSION)
}

export const saveSession = (s: SessionRecord) => setMeta(SESSION, s)
export const clearSession = () => deleteMeta(SESSION)

/** What people type or scan: lower case, spaces, missing dash, or the QR text "packline:enroll:CODE". */
export function normaliseCode(input: string): string {
  let s = input.trim()
  const m = /^packline:enroll:(.*)$/i.exec(s)
  if (m) s = m[1]!
  const raw = s.toUpperCase().replace(/[^A-Z0-9]/g, '')
  return raw.length === 8 ? `${raw.slice(0, 4)}-${raw.slice(4)}` : raw
}
