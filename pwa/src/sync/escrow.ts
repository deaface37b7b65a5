// Escrow (bounded) counter for stock — mirrors sync/escrow.py.
// Law: the server grants each device an allowance; a spend of q by device d is valid iff
// spent[d] + q <= granted[d], both summed over ops that sort before the spend. So an
// offline pick inside its allowance is valid by construction, and no two devices can both
// take the last unit without one of them being reported. Spends are always counted (the
// goods left the shelf); the check only decides whether an exception is due.

export class Escrow {
  readonly granted = new Map<string, number>()
  readonly spent = new Map<string, number>()
  onHand = 0

  grant(device: string, qty: number): void {
    this.granted.set(device, (this.granted.get(device) ?? 0) + qty)
  }

  /** Record the spend; true if it was within the device's allowance. */
  spend(device: string, qty: number): boolean {
    const before = this.spent.get(device) ?? 0
    const ok = before + qty <= (this.granted.get(device) ?? 0)
    this.spent.set(device, before + qty)
    this.onHand -= qty
    return ok
  }

  adjust(delta: number): void {
    this.onHand += delta
  }

  /** Sum of two disjoint op sets' counters (grants/spends are op-keyed upstream). */
  merge(other: Escrow): Escrow {
    const out = new Escrow()
    for (const src of [this, other]) {
      for (const [d, q] of src.granted) out.grant(d, q)
      for (const [d, q] of src.spent) out.spent.set(d, (out.spent.get(d) ?? 0) + q)
      out.onHand += src.onHand
    }
    return out
  }
}
