// Exponential backoff with jitter for retryable sync failures: 1 s, 2 s, 4 s … capped at 60 s.
// The jitter (±25 %) spreads a warehouse full of handhelds that lost the network together.
export const BACKOFF_BASE_MS = 1_000
export const BACKOFF_CAP_MS = 60_000

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const n = Math.max(0, Math.min(attempt, 30))
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** n)
  const jittered = base * (0.75 + 0.5 * random())
  return Math.round(Math.min(BACKOFF_CAP_MS, Math.max(BACKOFF_BASE_MS, jittered)))
}
