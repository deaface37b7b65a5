// Who may push which op kind, and to which entities — the twin of sync/permissions.py,
// checked by the shared cases in tests/vectors/permissions.json. The server enforces it on
// every push; screens use it only to hide what the signed-in user may not do.

export type Scope = 'warehouse' | 'route'

const OFFICE = new Set(['manager', 'admin'])

export const PERMISSIONS: Readonly<Record<string, readonly [ReadonlySet<string>, Scope]>> = {
  'order.create': [new Set(['cs', 'manager']), 'warehouse'],
  'order.set_field': [new Set(['cs', 'manager']), 'warehouse'],
  'order.set_address': [new Set(['cs', 'manager']), 'warehouse'],
  'order.hold': [new Set(['cs', 'exceptions', 'manager']), 'warehouse'],
  'order.release': [new Set(['cs', 'exceptions', 'manager']), 'warehouse'],
  'order.cancel': [new Set(['cs', 'manager']), 'warehouse'],
  'label.print': [new Set(['printer', 'manager']), 'warehouse'],
  'label.void': [new Set(['printer', 'cs', 'exceptions', 'manager']), 'warehouse'],
  'pick.line_picked': [new Set(['picker', 'packer', 'manager']), 'warehouse'],
  'status.advance': [new Set(['printer', 'picker', 'packer', 'courier', 'manager']), 'route'],
  'parcel.scan_out': [new Set(['picker', 'manager']), 'warehouse'],
  'delivery.confirm': [new Set(['courier', 'manager']), 'route'],
  // manager-only: it hands stock escrow to a device (see sync/permissions.py)
  'stock.grant': [new Set(['manager']), 'warehouse'],
  'stock.spend': [new Set(['picker', 'packer', 'manager']), 'warehouse'],
  'stock.adjust': [new Set(['qc', 'manager']), 'warehouse'],
  'sync.release': [new Set(['exceptions', 'manager']), 'warehouse'],
  // picking (issue 12): sign for a wave; raise a shortage (qty 0 clears it: floor or CS)
  'pick.sign': [new Set(['picker', 'packer', 'manager']), 'warehouse'],
  'pick.shortage': [new Set(['picker', 'packer', 'cs', 'manager']), 'warehouse'],
  // issue 14 (see sync/permissions.py)
  'stock.count': [new Set(['qc', 'picker', 'packer', 'manager']), 'warehouse'],
  'stock.count_accept': [new Set(['manager']), 'warehouse'],
  'qc.inspect': [new Set(['qc', 'manager']), 'warehouse'],
  'stock.receive': [new Set(['qc', 'manager']), 'warehouse'],
  // the exception desk: the handler and the office act; customer service adds notes
  'exception.assign': [new Set(['exceptions', 'manager']), 'warehouse'],
  'exception.note': [new Set(['exceptions', 'cs', 'manager']), 'warehouse'],
  'exception.notify_cs': [new Set(['exceptions', 'manager']), 'warehouse'],
  'exception.resolve': [new Set(['exceptions', 'manager']), 'warehouse'],
  // v3 shipping (see sync/permissions.py)
  'crate.handoff': [new Set(['picker', 'manager']), 'warehouse'],
  'crate.sign': [new Set(['packer', 'manager']), 'warehouse'],
  'crate.return': [new Set(['packer', 'picker', 'manager']), 'warehouse'],
  'crate.wait': [new Set(['picker', 'manager']), 'warehouse'],
  'freight.handoff': [new Set(['picker', 'manager']), 'warehouse'],
  'batch.ship': [new Set(['picker', 'manager']), 'warehouse'],
  'batch.missed': [new Set(['picker', 'manager']), 'warehouse'],
  'pickup.confirm': [new Set(['courier', 'manager']), 'warehouse'],
}

const held = (roles: Iterable<string>): Set<string> => {
  const s = new Set(roles)
  if (s.has('admin')) s.add('manager') // an admin may do what a manager may
  return s
}

/** A courier without office roles sees and touches only their own route. */
export function routeOnly(roles: Iterable<string>): boolean {
  const s = new Set(roles)
  return s.has('courier') && ![...s].some((r) => OFFICE.has(r))
}

/** May a user holding `roles` make an op of `kind`? Unknown kinds are allowed: they change
 *  no state and are kept as invalid_op, so a newer client's op is never lost. */
export function may(roles: Iterable<string>, kind: string): boolean {
  const rule = PERMISSIONS[kind]
  if (rule === undefined) return true
  const h = held(roles)
  return [...rule[0]].some((r) => h.has(r))
}

/** null if not allowed, else the scope the entity must be in for this user. */
export function scope(roles: Iterable<string>, kind: string): Scope | null {
  const list = [...roles]
  if (!may(list, kind)) return null
  const rule = PERMISSIONS[kind]
  return rule !== undefined && rule[1] === 'route' && routeOnly(list) ? 'route' : 'warehouse'
}
