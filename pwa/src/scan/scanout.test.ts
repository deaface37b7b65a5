import { describe, expect, it } from 'vitest'
import type { Op } from '../sync'
import { viewOf } from '../state'
import { scanOutcome, normaliseTracking, scanOp } from './scanout'

describe('scanOutcome (facts from the local view, verdict from the core)', () => {
  const base = { ctr: 0, actor: 'system', etype: 'order' }
  const ops: Op[] = [
    { ...base, device: 'srv', seq: 1, wall: 1, kind: 'order.create', eid: 'O-1', payload: { lines: { A: 1 }, fields: { platform_order_no: 'TB1' } } },
    { ...base, device: 'srv', seq: 2, wall: 2, kind: 'label.print', eid: 'O-1', payload: { tracking: 'SF1' } },
    { ...base, device: 'srv', seq: 3, wall: 3, kind: 'order.create', eid: 'O-2', payload: { lines: { A: 1 } } },
    { ...base, device: 'srv', seq: 4, wall: 4, kind: 'label.print', eid: 'O-2', payload: { tracking: 'SF2' } },
    { ...base, device: 'srv', seq: 5, wall: 5, kind: 'label.void', eid: 'O-2', payload: { tracking: 'SF2' } },
    { ...base, device: 'srv', seq: 6, wall: 6, kind: 'label.print', eid: 'O-2', payload: { tracking: 'SF3' } },
    { ...base, device: 'srv', seq: 7, wall: 7, kind: 'order.create', eid: 'O-3', payload: { lines: { A: 1 } } },
    { ...base, device: 'srv', seq: 8, wall: 8, kind: 'label.print', eid: 'O-3', payload: { tracking: 'SF4' } },
    { ...base, device: 'srv', seq: 9, wall: 9, kind: 'order.hold', eid: 'O-3', payload: {} },
    { ...base, device: 'srv', seq: 10, wall: 10, kind: 'order.create', eid: 'O-4', payload: { lines: { A: 1 } } },
    { ...base, device: 'srv', seq: 11, wall: 11, kind: 'label.print', eid: 'O-4', payload: { tracking: 'SF5' } },
    { ...base, device: 'srv', seq: 12, wall: 12, kind: 'order.cancel', eid: 'O-4', payload: {} },
  ]
  const view = viewOf(ops, 1_000)

  it.each([
    ['SF1', 'ok'], [' sf1 ', 'ok'], ['SF2', 'voided'], ['SF3', 'ok'], ['SF4', 'hold'], ['SF5', 'cancelled'], ['NOPE', 'unknown'],
  ])('%s → %s', (tracking, kind) => {
    expect(scanOutcome(view, tracking).kind).toBe(kind)
  })

  it('knows a parcel already scanned out, on this device or synced from another', () => {
    const scanned = viewOf([...ops, { ...base, device: 'B', seq: 1, wall: 20, actor: 'K002', kind: 'parcel.scan_out', eid: 'O-1', payload: { tracking: 'SF1' } }], 1_000)
    expect(scanOutcome(scanned, 'SF1')).toEqual({ kind: 'already', tracking: 'SF1', eid: 'O-1' })
    expect(scanned.snapshot.orders['O-1']!.status).toBe('shipped')
  })
})

describe('scan op', () => {
  it('is a parcel.scan_out on the order entity with the tracking number (sync/kinds.py)', () => {
    expect(scanOp({ tracking: 'SF1', eid: 'taobao:TB1' })).toEqual({
      kind: 'parcel.scan_out', etype: 'order', eid: 'taobao:TB1', payload: { tracking: 'SF1' },
    })
    expect(normaliseTracking(' sf 100\n')).toBe('SF100')
  })
})
