// Keyboard-wedge barcode scanners "type" the code much faster than a person can, then press
// Enter. Telling the two apart by the gap between keystrokes lets the scan screen accept a
// scan wherever the focus is, without mistaking someone's typing for a scan.

export interface WedgeOptions {
  /** longest gap between two keystrokes of one scan (ms); scanners manage 5–30 ms */
  maxGapMs: number
  /** shortest code accepted as a scan */
  minLength: number
}

export const DEFAULT_WEDGE: WedgeOptions = { maxGapMs: 50, minLength: 4 }
export const WEDGE_LIMITS = { maxGapMs: [10, 300], minLength: [1, 40] } as const

const STORAGE_KEY = 'packline.wedge'

export function loadWedgeOptions(): WedgeOptions {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (raw) return sanitise(JSON.parse(raw) as Partial<WedgeOptions>)
  } catch {
    /* unreadable: defaults */
  }
  return { ...DEFAULT_WEDGE }
}

export function saveWedgeOptions(o: Partial<WedgeOptions>): WedgeOptions {
  const s = sanitise(o)
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(s))
  } catch {
    /* not persisted */
  }
  return s
}

function clamp(v: unknown, [lo, hi]: readonly [number, number], dflt: number): number {
  const n = typeof v === 'number' ? v : Number(v)
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.round(n))) : dflt
}

export function sanitise(o: Partial<WedgeOptions>): WedgeOptions {
  return {
    maxGapMs: clamp(o.maxGapMs, WEDGE_LIMITS.maxGapMs, DEFAULT_WEDGE.maxGapMs),
    minLength: clamp(o.minLength, WEDGE_LIMITS.minLength, DEFAULT_WEDGE.minLength),
  }
}

/**
 * Feed it every keydown (key, timestamp); it returns the scanned code when a burst of fast
 * keystrokes ends in Enter, else null. A slow keystroke starts a new burst, so a person's
 * typing never adds up to a scan, and a scan that follows typing is still recognised.
 */
export class WedgeDetector {
  private buf = ''
  private last = -Infinity

  constructor(public opts: WedgeOptions = DEFAULT_WEDGE) {}

  key(key: string, t: number): string | null {
    const gap = t - this.last
    if (key === 'Enter') {
      const code = this.buf
      const fast = gap <= this.opts.maxGapMs
      this.reset()
      return fast && code.length >= this.opts.minLength ? code : null
    }
    if (key.length !== 1) return null // Shift, Control…: scanners send them for capitals
    if (gap > this.opts.maxGapMs) this.buf = ''
    this.buf += key
    this.last = t
    return null
  }

  /** Characters of the burst in progress (a scan so far, or someone typing). */
  get pending(): string {
    return this.buf
  }

  reset() {
    this.buf = ''
    this.last = -Infinity
  }
}
