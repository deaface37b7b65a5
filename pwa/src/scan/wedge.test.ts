import { describe, expect, it } from 'vitest'
import { Debounce, DEFAULT_WEDGE, sanitise, WedgeDetector } from './wedge'

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
    const slow = new WedgeDetector({ maxGapMs: 100, minLength: 4, debounceMs: 100 })
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
    expect(sanitise({ maxGapMs: 1, minLength: 999 })).toEqual({ maxGapMs: 10, minLength: 40, debounceMs: 100 })
    expect(sanitise({ maxGapMs: Number.NaN })).toEqual(DEFAULT_WEDGE)
  })
})

/** A seeded PRNG (mulberry32): the same bursts every run, so a failure reproduces. */
function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'

describe('terminators and stalls', () => {
  it('Tab ends a scan like Enter', () => {
    const d = new WedgeDetector()
    expect(feed(d, [...chars('SKU-000123'), 'Tab'], 6).at(-1)).toBe('SKU-000123')
  })

  it('one late key inside a burst (a Bluetooth hiccup, a busy page) does not lose the scan', () => {
    const d = new WedgeDetector()
    const code = 'YT1234567890'
    const out: (string | null)[] = []
    let t = 1_000
    for (const [i, k] of [...chars(code), 'Enter'].entries()) {
      t += i === 6 ? 180 : 8 // the 7th key arrives 180 ms late
      out.push(d.key(k, t))
    }
    expect(out.at(-1)).toBe(code)
  })

  it('two late keys are not a scanner: nothing', () => {
    const d = new WedgeDetector()
    const keys = [...chars('YT1234567890'), 'Enter']
    const out = keys.map((k, i) => d.key(k, 1_000 + i * 8 + (i >= 4 ? 150 : 0) + (i >= 8 ? 150 : 0)))
    expect(out.at(-1)).toBeNull()
  })

  it('a short code with a late Enter is typing, not a scan', () => {
    const d = new WedgeDetector()
    feed(d, chars('AB12'), 8, 0)
    expect(d.key('Enter', 24 + 200)).toBeNull()
  })
})

describe('many bursts, none lost (issue 12: 2 of 30 produced nothing)', () => {
  it('3,000 scanner bursts with jitter, typing before them and one stall each: every code exactly once', () => {
    const rand = rng(12)
    const d = new WedgeDetector()
    let t = 0
    const sent: string[] = []
    const got: string[] = []
    for (let b = 0; b < 3_000; b++) {
      // sometimes a person typed a few keys first (slow), then the scanner fires
      if (rand() < 0.3) {
        for (let i = 0; i < 1 + Math.floor(rand() * 3); i++) {
          t += 300 + rand() * 500
          d.key(ALNUM[Math.floor(rand() * ALNUM.length)]!, t)
        }
      }
      t += 300 + rand() * 2_000 // the next parcel
      const len = 6 + Math.floor(rand() * 18)
      let code = ''
      for (let i = 0; i < len; i++) code += ALNUM[Math.floor(rand() * ALNUM.length)]!
      sent.push(code)
      const stallAt = rand() < 0.5 ? Math.floor(rand() * (len + 1)) : -1
      const keys = [...chars(code), rand() < 0.8 ? 'Enter' : 'Tab']
      for (const [i, k] of keys.entries()) {
        if (i > 0) t += i === stallAt ? 51 + rand() * 140 : 1 + rand() * 49
        if (rand() < 0.05) d.key('Shift', t) // capitals: modifiers in between
        const r = d.key(k, t)
        if (r !== null) got.push(r)
      }
    }
    expect(got).toEqual(sent)
  })

  it('a person typing at any speed a person manages never makes a scan', () => {
    const rand = rng(7)
    const d = new WedgeDetector()
    let t = 0
    for (let n = 0; n < 2_000; n++) {
      t += 90 + rand() * 400
      const k = rand() < 0.1 ? 'Enter' : ALNUM[Math.floor(rand() * ALNUM.length)]!
      expect(d.key(k, t)).toBeNull()
    }
  })
})

describe('Debounce', () => {
  it('an identical read within the window counts once; a later one counts again', () => {
    const b = new Debounce(100)
    expect(b.accept('SF1', 1_000)).toBe(true)
    expect(b.accept('SF1', 1_060)).toBe(false)
    expect(b.accept('SF1', 1_099)).toBe(false)
    expect(b.accept('SF1', 1_100)).toBe(true) // a genuine second scan: the screen says "already"
  })

  it('a different code inside the window counts at once', () => {
    const b = new Debounce(100)
    expect(b.accept('SF1', 0)).toBe(true)
    expect(b.accept('SF2', 10)).toBe(true)
    expect(b.accept('SF1', 20)).toBe(true)
  })

  it('the window is configurable (0 = every read counts)', () => {
    const b = new Debounce(0)
    expect(b.accept('X', 5)).toBe(true)
    expect(b.accept('X', 5)).toBe(true)
    expect(sanitise({ debounceMs: 99_999 }).debounceMs).toBe(2_000)
  })
})

describe('a person typing just before the scanner fires', () => {
  it('their last key 150 ms before the burst is not part of the code', () => {
    const d = new WedgeDetector()
    feed(d, chars('ab'), 180, 0)
    const out = feed(d, [...chars('SF55667788'), 'Enter'], 7, 180 + 150)
    expect(out.at(-1)).toBe('SF55667788')
  })
})

describe('where no field takes typing (loose)', () => {
  it('a burst whose keys a busy page delayed by up to 1 s is still one scan, there only', () => {
    const keys = [...chars('ZZ16X6704'), 'Enter']
    const at = (i: number) => 1_000 + i * 10 + (i >= 3 ? 400 : 0) + (i >= 7 ? 600 : 0) // two long stalls
    const loose = new WedgeDetector()
    expect(keys.map((k, i) => loose.key(k, at(i), true)).at(-1)).toBe('ZZ16X6704')
    const strict = new WedgeDetector() // in a field: a person could have typed that
    expect(keys.map((k, i) => strict.key(k, at(i), false)).at(-1)).toBeNull()
  })

  it('a pause over 1 s still separates: what came before is not part of the code', () => {
    const d = new WedgeDetector()
    d.key('a', 0, true)
    const out = feed(d, [...chars('SF12345678')], 8, 2_000).concat(d.key('Enter', 2_100, true))
    expect(out.at(-1)).toBe('SF12345678')
  })

  it('too short is still nothing', () => {
    const d = new WedgeDetector()
    expect([...chars('AB1'), 'Enter'].map((k, i) => d.key(k, i * 300, true)).at(-1)).toBeNull()
  })
})
