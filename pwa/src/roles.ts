import type { Overview, Role } from './api'
import type { MessageKey } from './i18n'
import { may } from './sync'

// What each role sees on its home screen, as data so the screen stays one generic renderer.
export type Tone = 'normal' | 'warn' | 'alert' | 'good'

export interface Stat {
  label: MessageKey
  /** null: not known on this device (e.g. stock figures while offline with nothing cached) */
  value: (o: Overview) => number | null
  tone?: Tone
}

export type Section =
  | { kind: 'stats'; title: MessageKey; stats: Stat[] }
  | { kind: 'carriers'; title: MessageKey; unit: 'stat.orders' | 'stat.parcels' }
  /** `slots`: which of the warehouse's configured times (from the server) the card shows */
  | { kind: 'schedule'; title: MessageKey; slots: 'wave_times' | 'crate_handoffs'; next: MessageKey; done: MessageKey }

/** Screens a role can open from its home. */
export type Screen = 'scan' | 'orders' | 'office' | 'ledger' | 'print' | 'pick' | 'receive' | 'qc' | 'defects' | 'count' | 'route' | 'crates' | 'ship'

export interface RoleView {
  sections: Section[]
  /** working screens, biggest first (the first is the role's main job) */
  screens: Screen[]
  /** future features, shown disabled so staff know they are coming */
  actions: MessageKey[]
}

const s = {
  total: { label: 'stat.total', value: (o) => o.orders.total },
  printable: { label: 'stat.printable', value: (o) => o.orders.printable, tone: 'good' },
  held: { label: 'stat.held', value: (o) => o.orders.held, tone: 'alert' },
  special: { label: 'stat.special', value: (o) => o.orders.special, tone: 'warn' },
  crate: { label: 'stat.crate', value: (o) => o.orders.crate, tone: 'warn' },
  printed: { label: 'stat.printed', value: (o) => o.orders.printed },
  shipped: { label: 'stat.shipped', value: (o) => o.orders.shipped, tone: 'good' },
  toShip: { label: 'stat.toShip', value: (o) => o.orders.to_ship ?? o.orders.printed },
  skus: { label: 'stat.skus', value: (o) => o.skus },
  lowStock: { label: 'stat.lowStock', value: (o) => o.low_stock, tone: 'alert' },
  shortage: { label: 'stat.shortage', value: (o) => o.shortage ?? null, tone: 'alert' },
} satisfies Record<string, Stat>

const manager: RoleView = {
  sections: [
    { kind: 'stats', title: 'card.orders', stats: [s.total, s.printable, s.printed, s.shipped, s.held, s.special, s.crate, s.toShip, s.shortage] },
    { kind: 'stats', title: 'card.stock', stats: [s.skus, s.lowStock] },
    { kind: 'carriers', title: 'card.byCarrier.all', unit: 'stat.orders' },
  ],
  screens: ['office', 'scan', 'ship', 'crates', 'orders', 'print', 'ledger', 'pick', 'count', 'qc', 'defects', 'receive'],
  actions: ['action.reports', 'action.users'],
}

export const ROLE_VIEWS: Record<Role, RoleView> = {
  printer: {
    sections: [
      { kind: 'schedule', title: 'wave.title', slots: 'wave_times', next: 'wave.next', done: 'wave.done' },
      { kind: 'stats', title: 'card.orders', stats: [s.printable, s.held, s.special, s.printed] },
    ],
    screens: ['print', 'orders', 'ledger'],
    actions: ['action.printPickList', 'action.printSortList'],
  },
  picker: {
    sections: [
      { kind: 'stats', title: 'card.orders', stats: [s.printed, s.toShip, s.shipped] },
      { kind: 'carriers', title: 'card.byCarrier.pick', unit: 'stat.orders' },
    ],
    screens: ['pick', 'scan', 'ship', 'crates', 'orders', 'ledger'],
    actions: [],
  },
  packer: {
    sections: [
      { kind: 'stats', title: 'card.queue', stats: [s.crate] },
      { kind: 'schedule', title: 'wave.crateTitle', slots: 'crate_handoffs', next: 'crate.next', done: 'crate.done' },
    ],
    screens: ['crates', 'orders', 'ledger'],
    actions: [],
  },
  qc: {
    sections: [{ kind: 'stats', title: 'card.stock', stats: [s.skus, s.lowStock] }],
    screens: ['qc', 'receive', 'defects', 'count', 'orders', 'ledger'],
    actions: [],
  },
  exceptions: {
    sections: [{ kind: 'stats', title: 'card.queue', stats: [s.held, s.special] }],
    screens: ['office', 'orders', 'ledger'],
    actions: [],
  },
  cs: {
    sections: [{ kind: 'stats', title: 'card.queue', stats: [s.held, s.special, s.total, s.shortage] }],
    screens: ['office', 'orders', 'ledger'],
    actions: ['action.editAddress', 'action.flagNote', 'action.hold'],
  },
  courier: {
    sections: [
      { kind: 'stats', title: 'card.orders', stats: [s.shipped] },
      { kind: 'carriers', title: 'card.byCarrier.collect', unit: 'stat.parcels' },
    ],
    screens: ['route', 'ship', 'orders', 'ledger'],
    actions: [],
  },
  manager,
  admin: manager,
}

/** The op kind a screen exists to make: the screen is shown only to users the core's
 *  permission table (sync/permissions.ts) lets make it, so nobody is offered an action the
 *  server would refuse. Screens that only read need no entry. */
export const SCREEN_KINDS: Partial<Record<Screen, string>> = {
  scan: 'parcel.scan_out',
  pick: 'pick.line_picked',
  // issue 14
  count: 'stock.count',
  qc: 'qc.inspect',
  defects: 'stock.adjust',
  receive: 'stock.adjust',
  // issue 13
  route: 'delivery.confirm',
}

/** The screens of these roles' views that the user may use (union over all roles). */
export function screensFor(roles: readonly Role[]): Screen[] {
  const all = [...new Set(roles.flatMap((r) => ROLE_VIEWS[r].screens))]
  return all.filter((s) => {
    const kind = SCREEN_KINDS[s]
    return kind === undefined || may(roles, kind)
  })
}

/** "HH:MM" now in the warehouse's zone, so wave timing is right even on a mis-set phone zone. */
export function clockIn(timezone: string | undefined, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: timezone,
    }).format(now)
  } catch {
    return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now)
  }
}
