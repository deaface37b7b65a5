// Who sees a recipient's full phone number, and which local data partition a user reads:
// the twin of sync/privacy.py (why, in its docstring), pinned by tests/vectors/privacy.json.
import { routeOnly } from './permissions'

export const PHONE = 'recipient_phone'
/** Roles that contact recipients (admin holds every manager right). */
export const PHONE_ROLES: ReadonlySet<string> = new Set(['cs', 'exceptions', 'manager', 'admin'])

/** May a user holding `roles` see a recipient's full phone number? */
export function phoneVisible(roles: Iterable<string>): boolean {
  const list = [...roles]
  return list.some((r) => PHONE_ROLES.has(r)) && !routeOnly(list)
}

/** Keep the first 3 and last 4 characters (138****5678); masking twice changes nothing. */
export function maskPhone(phone: string): string {
  const d = phone.trim()
  if (d.length >= 8) return `${d.slice(0, 3)}****${d.slice(-4)}`
  if (d.length >= 3) return `${d.slice(0, 1)}${'*'.repeat(d.length - 2)}${d.slice(-1)}`
  return '*'.repeat(d.length)
}

/** The number as this user's screen shows it. */
export const shownPhone = (roles: Iterable<string>, phone: string): string => (phoneVisible(roles) ? phone : maskPhone(phone))

/** `route:<code>`, `warehouse` (full phones) or `warehouse:masked`. */
export function partition(roles: Iterable<string>, employeeCode: string): string {
  const list = [...roles]
  if (routeOnly(list)) return `route:${employeeCode}`
  return phoneVisible(list) ? 'warehouse' : 'warehouse:masked'
}

type Payload = Record<string, unknown>
const isMap = (v: unknown): v is Payload => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The op payload with every recipient phone masked, or null when it holds none. */
export function maskedPayload(kind: string, payload: Payload): Payload | null {
  if (kind === 'order.create') {
    const f = payload.fields
    if (isMap(f) && typeof f[PHONE] === 'string') return { ...payload, fields: { ...f, [PHONE]: maskPhone(f[PHONE]) } }
  } else if (kind === 'order.set_address') {
    const a = payload.address
    if (isMap(a) && typeof a[PHONE] === 'string') return { ...payload, address: { ...a, [PHONE]: maskPhone(a[PHONE]) } }
  } else if (kind === 'order.set_field' && payload.field === PHONE && typeof payload.value === 'string') {
    return { ...payload, value: maskPhone(payload.value) }
  }
  return null
}
