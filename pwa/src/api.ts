// Shapes of the server's JSON; kept here so screens and cache agree on them. Calls go through
// the one HTTP client (src/http/client.ts).
export type Role =
  | 'printer' | 'picker' | 'packer' | 'qc' | 'exceptions' | 'cs' | 'courier' | 'manager' | 'admin'

export const ROLES: readonly Role[] = [
  'printer', 'picker', 'packer', 'qc', 'exceptions', 'cs', 'courier', 'manager', 'admin',
]

export function isRole(r: string): r is Role {
  return (ROLES as readonly string[]).includes(r)
}

export interface DemoUser {
  employee_code: string
  name: string
  roles: string[]
  warehouse_code: string
}

export interface WarehouseInfo {
  code: string
  name: string
  timezone: string
  /** "HH:MM" in `timezone`, as the warehouse configured them on the server (absent: not
   * known on this device yet, e.g. offline before the first overview) */
  wave_times?: string[]
  crate_handoffs?: string[]
}

export interface Overview {
  warehouse: WarehouseInfo
  date: string
  orders: {
    total: number
    printable: number
    held: number
    special: number
    crate: number
    printed: number
    shipped: number
    /** printed, picked or packed: labelled and waiting for scan-out (client-side only) */
    to_ship?: number
    by_carrier: { carrier: string; count: number }[]
  }
  /** stock figures come from the server only (stock ops are not in a handheld's op set) */
  skus: number | null
  low_stock: number | null
}

export const demoUsersUrl = () => '/api/demo/users'
export const overviewUrl = (warehouse: string) =>
  `/api/overview?warehouse=${encodeURIComponent(warehouse)}`
