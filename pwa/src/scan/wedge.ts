// Keyboard-wedge barcode scanners "type" the code much faster than a person can, then press
// Enter (or Tab). Telling the two apart by the gap between keystrokes lets every screen accept
// a scan wherever the focus is, without mistaking someone's typing for a scan.
//
// Two ways a burst used to vanish (issue 12: 2 of ~30 bursts typed outside the input produced
// nothing): the scan screen dropped the same code read again within 1.5 s without a word, so a
// genuine re-scan (a second unit of one SKU, a parcel scanned twice) was lost; and one late
// keystroke inside a burst (a Bluetooth scanner's packet, a busy main thread delaying the key
// events' dispatch) cut the burst in two, so the tail was too short and the Enter returned
// nothing (a busy page delays key events by hundreds of ms when whatever sends them waits
// for each one, as a test harness does). Now the debounce window is 100 ms (configurable) and
// is about the scanner's own double read, not a person's second scan; where no field takes
// typing, every key since the last 1 s pause up to the Enter/Tab is the scan (nobody types
// into nothing); and in a field a burst tolerates one late key, so a hiccup no longer loses
// the code while a person's typing still never adds up to a scan.

export interface WedgeOptions {
  /** longest gap between two keystrokes of one scan (ms); scanners manage 5–30 ms */
  maxGapMs: number
  /** shortest code accepted as a scan */
  minLength: number
  /** an identical read within this window (ms) is the scanner reading twice: counted once */
  debounceMs: number
}

export const DEFAULT_WEDGE: WedgeOptions = { maxGapMs: 50, minLength: 4, debounceMs: 100 }
export const WEDGE_LIMITS = { maxGapMs: [10, 300], minLength: [1, 40], debounceMs: [0, 2000] } as const
/** late gaps one burst may contain, and how late each may be: 4 × maxGapMs, at most 250 ms */
export const STALLS = 1
export const stallMsOf = (o: WedgeOptions) => Math.min(250, 4 * o.maxGapMs)
/**
 * Where no field takes typing (the focus on the page, a button, a row), keys ending in Enter
 * or Tab can only be a scanner's: there the burst is every key since the last pause this
 * long, whatever the gaps inside it. A page busy rendering delays key events (a harness that
 * waits for each key, a slow phone) by hundreds of ms; timing alone dropped such bursts.
 */
export const LOOSE_PAUSE_MS = 1000
/** keystrokes kept per burst: longer than any barcode, so a held key cannot grow the buffer */
const MAX_KEYS = 128

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
    debounceMs: clamp(o.debounceMs, WEDGE_LIMITS.debounceMs, DEFAULT_WEDGE.debounceMs),
  }
}

export const isTerminator = (key: string) => key === 'Enter' || key === 'Tab'

/**
 * Feed it every keydown (key, timestamp); it returns the scanned code when a burst of fast
 * keystrokes ends in Enter or Tab, else null. The code is the longest run of keys before the
 * terminator whose gaps are all fast, except at most STALLS gaps up to stallMsOf(opts): a
 * person typing (every gap slow) never adds up to a scan, and a scan that follows typing is
 * still recognised without the typed characters.
 */
export class WedgeDetector {
  private chars: string[] = []
  private times: number[] = []

  constructor(public opts: WedgeOptions = DEFAULT_WEDGE) {}

  /** `loose`: no field takes typing where this key went (see LOOSE_PAUSE_MS). */
  key(key: string, t: number, loose = false): string | null {
    if (isTerminator(key)) {
      const code = loose ? this.since(t) : this.burst(t)
      this.reset()
      return code !== null && code.length >= this.opts.minLength ? code : null
    }
    if (key.length !== 1) return null // Shift, Control…: scanners send them for capitals
    const last = this.times.length ? this.times[this.times.length - 1]! : -Infinity
    // A long pause starts a new burst: what came before was typing (or nothing). Shorter
    // pauses are judged at the terminator, strictly or loosely depending on where it went.
    if (t - last > LOOSE_PAUSE_MS) this.reset()
    this.chars.push(key)
    this.times.push(t)
    if (this.chars.length > MAX_KEYS) {
      this.chars.shift()
      this.times.shift()
    }
    return null
  }

  /** Every key since the last pause of LOOSE_PAUSE_MS before the terminator at `t`. */
  private since(t: number): string | null {
    const times = this.times
    let next = t
    let start = times.length
    for (let i = times.length - 1; i >= 0 && next - times[i]! <= LOOSE_PAUSE_MS; i--) {
      start = i
      next = times[i]!
    }
    return start === times.length ? null : this.chars.slice(start).join('')
  }

  /** The burst that the terminator at `t` ends, walking back from the end; null if none. */
  private burst(t: number): string | null {
    const times = this.times
    const n = times.length
    const fast = this.opts.maxGapMs
    const stall = stallMsOf(this.opts)
    let stalls = 0
    let next = t
    let start = n
    for (let i = n - 1; i >= 0; i--) {
      const gap = next - times[i]!
      if (gap > stall) break // a pause (only the terminator can be this late here)
      if (gap > fast) {
        // A late key: a hiccup inside a burst, the first key of a burst, or a person typing.
        // (key() already cut the buffer at any pause longer than a stall.)
        // the gap before this key: a pause (or nothing) makes it a burst's first key
        const before = i > 0 ? times[i]! - times[i - 1]! : Infinity
        if (before > fast && before <= stall) break // slow on both sides: typing
        // A second late key in one burst: it is broken somewhere, and half a code is no scan.
        if (stalls >= STALLS) return null
        stalls++
      }
      start = i
      next = times[i]!
    }
    if (start === n) return null
    // A stall must sit inside a run of fast keys: a few keys and a late Enter is typing.
    if (stalls > 0 && n - start < this.opts.minLength + 2) return null
    return this.chars.slice(start).join('')
  }

  /** Characters of the burst in progress (a scan so far, or someone typing). */
  get pending(): string {
    return this.chars.join('')
  }

  reset() {
    this.chars = []
    this.times = []
  }
}

/**
 * Counts an identical read once: the same code again within `debounceMs` of the last read
 * that was counted is the scanner (or camera) reading twice. A later read of the same code
 * is a genuine second scan: counted, and the screen says "already scanned" if it is one.
 */
export class Debounce {
  private last: { code: string; at: number } | null = null

  constructor(public windowMs: number = DEFAULT_WEDGE.debounceMs) {}

  /** true if this read counts, false if it is a repeat inside the window */
  accept(code: string, at: number): boolean {
    const prev = this.last
    if (prev && prev.code === code && at - prev.at >= 0 && at - prev.at < this.windowMs) return false
    this.last = { code, at }
    return true
  }
}
