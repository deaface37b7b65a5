import type { Me } from './device'
import { call, get, post } from './http/client'

// The identity API, through the one HTTP client: a refusal throws HttpError (http/errors.ts)
// with the server's `detail`; a 401 also reaches authstate's one handler.
export interface Claimed {
  device_id: string
  token: string
  warehouse_code: string
}
export interface StaffEntry {
  employee_code: string
  name: string
  roles: string[]
}
export interface LoginResult {
  token: string
  expires_at: string
  me: Me
}

export const claimDevice = (code: string, label?: string) =>
  post<Claimed>('/api/devices/claim', { code, ...(label ? { label } : {}) })

export const demoEnroll = (warehouse_code?: string, label?: string) =>
  post<Claimed>('/api/demo/enroll', { ...(warehouse_code ? { warehouse_code } : {}), ...(label ? { label } : {}) })

export const staffList = (deviceToken: string) => get<StaffEntry[]>('/api/auth/staff', { token: deviceToken })

/** The device's op counter and clock at that moment (outbox/store.ts deviceCounters). */
export interface Counters {
  seq: number
  wall: number
}

export const login = (deviceToken: string, employee_code: string, pin: string, at?: Counters) =>
  post<LoginResult>('/api/auth/login', { employee_code, pin, ...(at ?? {}) }, { token: deviceToken })

export const logout = (sessionToken: string, at?: Counters) =>
  post<Me>('/api/auth/logout', at ? { seq: at.seq } : undefined, { token: sessionToken })

/** Is this token still good? A 401 here is the answer, not an event (authstate asks this). */
export const me = (token: string) => get<Me>('/api/auth/me', { token, probe: true })

// Device administration (manager): the same endpoints `packline device …` uses.
export interface DeviceInfo {
  device_id: string
  label: string
  enrolled_at: string
  revoked_at: string | null
  last_seen_at: string | null
}
export interface Enrollment {
  code: string
  warehouse_code: string
  expires_at: string
  /** the code as a QR code (zxing-cpp on the server), SVG markup */
  qr_svg: string
}

export const devicesUrl = '/api/devices'

export const createEnrollment = (sessionToken: string, label = '') =>
  post<Enrollment>('/api/devices/enrollments', { label }, { token: sessionToken })

/** Revoke a device: it can no longer sync; what it already synced stays. */
export const revokeDevice = (sessionToken: string, deviceId: string) =>
  call<{ device_id: string; revoked: boolean }>('POST', `/api/devices/${encodeURIComponent(deviceId)}/revoke`, { token: sessionToken })
