// Courier rules, twin of sync/courier.py (cases: tests/vectors/courier.json): is a
// delivery's proof enough, what may follow a failed delivery, what the deliver screen says.

export const PROOF_ITEMS = ['scan', 'photo', 'signature', 'recipient', 'location'] as const
export type ProofItem = (typeof PROOF_ITEMS)[number]
export const LEVELS = ['required', 'optional', 'off'] as const
export type Level = (typeof LEVELS)[number]
export const DEFAULT_POLICY: Record<ProofItem, Level> = {
  scan: 'required',
  photo: 'required',
  signature: 'optional',
  recipient: 'optional',
  location: 'optional',
}

export const FAIL_REASONS = ['no_one_home', 'refused', 'wrong_address', 'unreachable', 'damaged', 'other'] as const
const RETURN_ONLY: ReadonlySet<string> = new Set(['refused', 'damaged'])
export const MAX_ATTEMPTS = 3

type Proof = Record<string, unknown>

function present(item: ProofItem, value: unknown): boolean {
  if (item === 'photo') return Array.isArray(value) && value.some((v) => typeof v === 'string' && v !== '')
  if (item === 'location') {
    if (value === null || typeof value !== 'object') return false
    const { lat, lon } = value as Record<string, unknown>
    return typeof lat === 'number' && typeof lon === 'number'
  }
  return typeof value === 'string' && value.trim() !== ''
}

export function level(policy: Partial<Record<string, string>>, item: ProofItem): Level {
  const got = policy[item]
  return (LEVELS as readonly string[]).includes(got ?? '') ? (got as Level) : DEFAULT_POLICY[item]
}

/** The required items the proof lacks, in PROOF_ITEMS order ([] = enough to confirm). */
export function proofMissing(policy: Partial<Record<string, string>>, proof: Proof): ProofItem[] {
  return PROOF_ITEMS.filter((item) => level(policy, item) === 'required' && !present(item, proof[item]))
}

/** The proof as recorded: items turned off by the warehouse, and empty ones, are dropped. */
export function proofKept(policy: Partial<Record<string, string>>, proof: Proof): Proof {
  const kept: Proof = {}
  for (const item of PROOF_ITEMS) {
    if (level(policy, item) !== 'off' && present(item, proof[item])) kept[item] = proof[item]
  }
  return kept
}

/** What may follow a failed delivery: "reattempt" and/or "return". */
export function failedNext(reason: string, attempts: number): string[] {
  if (!(FAIL_REASONS as readonly string[]).includes(reason)) return []
  if (RETURN_ONLY.has(reason) || attempts >= MAX_ATTEMPTS) return ['return']
  return ['reattempt', 'return']
}

/** What the deliver screen says before the handover (see sync/courier.py). */
export function deliverVerdict(status: string | null, held: boolean): string {
  if (status === null) return 'unknown'
  if (status === 'cancelled') return 'cancelled'
  if (status === 'delivered') return 'delivered'
  if (held) return 'held'
  return 'ok'
}
