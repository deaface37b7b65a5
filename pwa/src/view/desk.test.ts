import { describe, expect, it } from 'vitest'
import type { Op } from '../sync'
import { LocalReplica } from './replica'

const T = 1_700_000_000_000
const op = (device: string, seq: number, dt: number, kind: string, etype: string, eid: string, payload: Op['payload'], actor = 'u'): Op =>
  ({ device, seq, wall: T + dt, ctr: 0, actor, kind, etype, eid, payload })

const create = op('CS', 1, 0, 'order.create', 'order', 'O-1', { lines: { S: 1 } })
const scanA = op('A', 1, 10, 'parcel.scan_out', 'order', 'O-1', { tracking: 'SF1' })
const scanB = op('B', 1, 12, 'parcel.scan_out', 'order', 'O-1', { tracking: 'SF1' })
const DUP = 'duplicate_scan:A:1|B:1'

// The local view (what every screen reads) follows the desk op by op, fed incrementally.
describe('exception desk in the local view', () => {
  it('assign and note keep it open; a resolve takes it out of the queue, incrementally', () => {
    const r = new LocalReplica()
    r.feed([create, scanA, scanB], true)
    expect(r.view().exceptions.map((e) => e.id)).toEqual([DUP])
    r.feed([op('DESK', 1, 100, 'exception.assign', 'exception', DUP, { to: 'E001' }, 'M001')])
    r.feed([op('DESK', 2, 110, 'exception.note', 'exception', DUP, { text: '查监控' }, 'E001')])
    let v = r.view()
    expect(v.exceptions.map((e) => e.id)).toEqual([DUP])
    expect(v.desk.get(DUP)?.assignee).toBe('E001')
    expect(v.desk.get(DUP)?.trail.map((e) => e.kind)).toEqual(['exception.assign', 'exception.note'])
    r.feed([op('DESK', 3, 120, 'exception.resolve', 'exception', DUP, { outcome: 'accept' }, 'E001')])
    v = r.view()
    expect(v.exceptions).toEqual([])
    expect(v.desk.get(DUP)?.resolved?.outcome).toBe('accept')
    // the order's own facts stay: both scans, nothing lost
    expect(v.entries.get('O-1')?.order.events.length).toBe(2)
  })
})
