// Forward-only status lattice with absorbing terminal states — mirrors sync/lattice.py.
// Law: join(a, b) is a terminal if either side is one (the earlier-listed terminal if
// both), otherwise the later chain element. join is commutative, associative and
// idempotent; status never moves backwards and a terminal absorbs every later forward op
// (the op itself is kept and reported, see the order fold).

export class StatusLattice<S extends string = string> {
  private readonly rank = new Map<string, number>()

  constructor(
    readonly chain: readonly S[],
    readonly terminals: readonly S[],
  ) {
    chain.forEach((s, i) => this.rank.set(s, i))
    const n = chain.length + terminals.length
    terminals.forEach((s, i) => this.rank.set(s, n - i))
  }

  get bottom(): S {
    return this.chain[0]!
  }

  has(status: string): status is S {
    return this.rank.has(status)
  }

  isTerminal(status: S): boolean {
    return this.terminals.includes(status)
  }

  join(a: S, b: S): S {
    return this.rank.get(a)! >= this.rank.get(b)! ? a : b
  }
}

export type OrderStatus = 'created' | 'printed' | 'picked' | 'packed' | 'shipped' | 'delivered' | 'cancelled'
export type LabelStatus = 'printed' | 'voided'

export const ORDER_STATUS = new StatusLattice<OrderStatus>(
  ['created', 'printed', 'picked', 'packed', 'shipped', 'delivered'],
  ['cancelled'],
)
export const LABEL_STATUS = new StatusLattice<LabelStatus>(['printed'], ['voided'])
