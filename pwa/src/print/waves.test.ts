import { describe, expect, it } from 'vitest'
import type { Op } from '../sync'
import type { Snapshot } from '../state'
import { localWaves, nameFromCode, waveMeta, type WaveOut } from './waves'

const snap = (waves: (string | undefined)[]) =>
  ({ orders: Object.fromEntries(waves.map((w, i) => [`o${i}`, { fields: w ? { wave: w } : {} }])) }) as unknown as Snapshot

describe('waves from local state', () => {
  it('names a wave from its code like server/waves/schedule.py wave_name', () => {
    expect(nameFromCode('SH01-20261123-1600')).toBe('11月23日 16:00 批次')
    expect(nameFromCode('SH01-20260105-083015-D')).toBe('1月5日 08:30 临时 批次')
    expect(nameFromCode('odd')).toBe('odd')
  })

  it('lists every local wave once, newest first, with its order count', () => {
    const s = snap(['SH01-20261123-0800', 'SH01-20261123-1600', undefined, 'SH01-20261123-075959-D', 'SH01-20261123-1600', 'SH01-20261122-1600'])
    expect(localWaves(s)).toEqual([['SH01-20261123-1600', 2], ['SH01-20261123-0800', 1], ['SH01-20261123-075959-D', 1], ['SH01-20261122-1600', 1]])
  })

  it('prefers the cached wave list, else the op that started the wave', () => {
    const cached = [{ code: 'W-20261123-1600', name: '11月23日 16:00 批次', started_at: '2026-11-23T08:01:00Z', started_by: 'P001' }] as WaveOut[]
    expect(waveMeta('W-20261123-1600', cached, [], 'Asia/Shanghai')).toEqual({
      code: 'W-20261123-1600', name: '11月23日 16:00 批次', printedAt: '2026-11-23 16:01', startedBy: 'P001',
    })
    const op = (wall: number, actor: string, value: string) =>
      ({ kind: 'order.set_field', wall, actor, payload: { field: 'wave', value } }) as unknown as Op
    const ops = [op(Date.parse('2026-11-23T08:03:00Z'), 'P009', 'W-20261123-1600'), op(Date.parse('2026-11-23T08:02:00Z'), 'P002', 'W-20261123-1600'),
      op(Date.parse('2026-11-23T01:00:00Z'), 'P003', 'other')]
    expect(waveMeta('W-20261123-1600', undefined, ops, 'Asia/Shanghai')).toEqual({
      code: 'W-20261123-1600', name: '11月23日 16:00 批次', printedAt: '2026-11-23 16:02', startedBy: 'P002',
    })
    expect(waveMeta('W-20261123-1600', undefined, [], 'Asia/Shanghai').printedAt).toBe('')
  })
})
