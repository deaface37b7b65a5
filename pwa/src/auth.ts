import type { Me } from './device'

// The identity API. Every error body is {"status_code", "detail"}.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** seconds, from Retry-After on 429 */
    readonly retryAfter?: number,
  ) {
    super(`HTTP ${status}: ${detail}`)
  }
}

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

type Fetch = typeof fetch

async function call<T>(f: Fetch, method: string, url: string, token?: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await f(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  if (!res.ok) {
    let detail = res.statusText || `HTTP ${res.status}`
    try {
      const j = (await res.json()) as { detail?: unknown }
      if (typeof j?.detail === 'string') detail = j.detail
    } catch {
      /* not JSON */
    }
    const ra = Number(res.headers.get('Retry-After'))
    throw new ApiError(res.status, detail, Number.isFinite(ra) && ra > 0 ? ra : undefined)
  }
  return (await res.json()) as T
}

const f = (): Fetch => globalThis.fetch.bind(globalThis)

/** A JSON call to the server with a device or session token; a refusal throws ApiError with the server's detail. */
export const apiCall = <T>(method: string, url: string, token?: string, body?: unknown): Promise<T> => call<T>(f(), method, url, token, body)

export const claimDevice = (code: string, label?: string) =>
  call<Claimed>(f(), 'POST', '/api/devices/claim', undefined, { code, ...(label ? { label } : {}) })

export const demoEnroll = (warehouse_code?: string, label?: string) =>
  call<Claimed>(f(), 'POST', '/api/demo/enroll', undefined, {
    ...(warehouse_code ? { warehouse_code } : {}), ...(label ? { label } : {}),
  })

export const staffList = (deviceToken: string) => call<StaffEntry[]>(f(), 'GET', '/api/auth/staff', deviceToken)

export const login = (deviceToken: string, employee_code: string, pin: string) =>
  call<LoginResult>(f(), 'POST', '/api/auth/login', deviceToken, { employee_code, pin })

export const logout = (sessionToken: string) => call<Me>(f(), 'POST', '/api/auth/logout', sessionToken)

export const me = (token: string) => call<Me>(f(), 'GET', '/api/auth/me', token)

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
  call<Enrollment>(f(), 'POST', '/api/devices/enrollments', sessionToken, { label })

/** Revoke a device: it can no longer sync; what it already synced stays. */
export const revokeDevice = (sessionToken: string, deviceId: string) =>
  call<{ device_id: string; revoked: boolean }>(f(), 'POST', `/api/devices/${encodeURIComponent(deviceId)}/revoke`, sessionToken)

/** A short label so a manager can tell devices apart in the device list. */
export function deviceLabel(): string {
  const ua = globalThis.navigator?.userAgent ?? ''
  const kind = /Android/i.test(ua) ? 'Android' : /iPhone|iPad/i.test(ua) ? 'iOS' : /Windows/i.test(ua) ? 'Windows' : 'Browser'
  return `PWA ${kind}`.slice(0, 100)
}
