// Shapes of the server's JSON; kept here so screens and cache agree on them. Calls go through
// the one HTTP client (src/http/client.ts).
import type { OrderCounts } from './sync/rules'
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
  /** shipping settings (server/shipping): no packing slip in promotion mode */
  promotion?: boolean
  /** the warehouse's UTC offset now, minutes (the core's crate_due reads it) */
  utc_offset_min?: number
}

export interface Overview {
  warehouse: WarehouseInfo
  date: string
  /** the core's counts (rules.orderCounts), the server's and the phone's alike */
  orders: OrderCounts
  /** stock figures come from the server only (stock ops are not in a handheld's op set) */
  skus: number | null
  low_stock: number | null
  /** orders in the shortage basket 缺货篓 (picking.shortageBasket), counted on the device */
  shortage?: number | null
}

export const demoUsersUrl = () => '/api/demo/users'
export const overviewUrl = (warehouse: string) =>
  `/api/overview?warehouse=${encodeURIComponent(warehouse)}`
