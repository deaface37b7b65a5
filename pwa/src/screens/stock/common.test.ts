import { describe, expect, it } from 'vitest'
import { today } from './common'
import { parseLines } from './Receive'

describe('the working day in the warehouse zone', () => {
  it('is the warehouse date, not the phone or UTC date, with the 18:00 cut-off', () => {
    const now = new Date('2026-12-07T21:30:00Z') // 05:30 on the 8th in Shanghai
    const d = today('Asia/Shanghai', now)
    expect(d.day).toBe('2026-12-08')
    expect(new Date(d.start).toISOString()).toBe('2026-12-07T16:00:00.000Z')
    expect(new Date(d.cutoff).toISOString()).toBe('2026-12-08T10:00:00.000Z')
    expect(today('Etc/GMT+11', now).day).toBe('2026-12-07') // UTC-11: 10:30 on the 7th
  })
})

describe('expected receipt lines', () => {
  it('reads "SKU qty" lines, defaulting to 1 and adding repeats', () => {
    expect(parseLines('a 2\n\nB\na，3')).toEqual(new Map([['A', 5], ['B', 1]]))
  })
  it('refuses a bad quantity or an empty list', () => {
    expect(parseLines('a 0')).toBeNull()
    expect(parseLines('a x')).toBeNull()
    expect(parseLines('  \n')).toBeNull()
  })
})
