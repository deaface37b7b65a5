import { describe, expect, it } from 'vitest'
import { DEFAULT_WEDGE, sanitise, WedgeDetector } from './wedge'

/** Feed keys starting at t0 with a fixed gap; returns what the detector reported. */
function feed(d: WedgeDetector, keys: string[], gap: number, t0 = 1_000): (string | null)[] {
  return keys.map((k, i) => d.key(k, t0 + i * gap))
}
const chars = (s: string) => [...s]

describe('WedgeDetector', () => {
  it('recognises a fast burst ending in Enter as a scan', () => {
    const d = new WedgeDetector()
    const out = feed(d, [...chars('SF1234567890123'), 'Enter'], 8)
    expect(out.at(-1)).toBe('SF1234567890123')
    expect(out.slice(0, -1).every((x) => x === null)).toBe(true)
  })

  it('ignores a person typing (gaps longer than the limit)', () => {
    const d = new WedgeDetector()
    expect(feed(d, [...chars('SF12345'), 'Enter'], 150).at(-1)).toBeNull()
  })

  it('finds a scan that follows slow typing: slow keys start a new burst', () => {
    const d = new WedgeDetector()
    feed(d, chars('abc'), 200, 0)
    const out = feed(d, [...chars('YT9876543210'), 'Enter'], 10, 5_000)
    expect(out.at(-1)).toBe('YT9876543210')
  })

  it('rejects an Enter that comes too late after the last key', () => {
    const d = new WedgeDetector()
    feed(d, chars('7123456789'), 10, 0)
    expect(d.key('Enter', 90 + 500)).toBeNull()
  })

  it('rejects codes shorter than the minimum', () => {
    const d = new WedgeDetector({ ...DEFAULT_WEDGE, minLength: 6 })
    expect(feed(d, [...chars('1234'), 'Enter'], 5).at(-1)).toBeNull()
    expect(feed(d, [...chars('123456'), 'Enter'], 5, 10_000).at(-1)).toBe('123456')
  })

  it('honours a configured gap: a slow scanner at 80 ms needs maxGapMs ≥ 80', () => {
    expect(feed(new WedgeDetector(), [...chars('SF100200'), 'Enter'], 80).at(-1)).toBeNull()
    const slow = new WedgeDetector({ maxGapMs: 100, minLength: 4 })
    expect(feed(slow, [...chars('SF100200'), 'Enter'], 80).at(-1)).toBe('SF100200')
  })

  it('skips modifier keys a scanner sends for capitals', () => {
    const d = new WedgeDetector()
    const keys = ['Shift', 'S', 'Shift', 'F', '1', '2', '3', '4', 'Enter']
    expect(feed(d, keys, 5).at(-1)).toBe('SF1234')
  })

  it('starts clean after each scan', () => {
    const d = new WedgeDetector()
    feed(d, [...chars('AAAA1111'), 'Enter'], 5)
    expect(d.pending).toBe('')
    expect(feed(d, [...chars('BBBB2222'), 'Enter'], 5, 10_000).at(-1)).toBe('BBBB2222')
  })
})

describe('options', () => {
  it('clamps and defaults bad values', () => {
    expect(sanitise({ maxGapMs: 1, minLength: 999 })).toEqual({ maxGapMs: 10, minLength: 40 })
    expect(sanitise({ maxGapMs: Number.NaN })).toEqual(DEFAULT_WEDGE)
  })
})
