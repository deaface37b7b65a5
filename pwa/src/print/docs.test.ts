// The shared fixture tests/server/waves/fixtures/wave_documents.json: the same inputs must give
// the same `expected` here as in tests/server/waves/test_documents_parity.py (assemble.py).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { OrderSnapshot, Snapshot } from '../state'
import {
  compareSlots, needsReprint, orderNos, packingSlips, pickList, pickListId, receivedKey, refsMap, sortList, waveOrders, type PrintRefs, type SkuRef,
} from './docs'
import { maskPhone } from './labels'

interface Fixture {
  wave: { code: string; name: string; warehouse: string; printed_at: string; started_by: string }
  skus: SkuRef[]
  orders: Record<string, Omit<OrderSnapshot, 'picked' | 'events'>>
  expected: {
    pick: { id: string; total_qty: number; total_orders: number; lines: unknown[][] }
    sort: { id: string; units: number; slots: unknown[][] }
    slips: unknown[][]
    handoff: { barcode: string; order_nos: string[] }
  }
}

const FILE = fileURLToPath(new URL('../../../tests/server/waves/fixtures/wave_documents.json', import.meta.url))
const fx = JSON.parse(readFileSync(FILE, 'utf8')) as Fixture
const snapshot = {
  orders: Object.fromEntries(Object.entries(fx.orders).map(([eid, o]) => [eid, { ...o, picked: {}, events: [] }])),
  stock: {},
  exceptions: [],
} as unknown as Snapshot
const refs = refsMap({ warehouse: fx.wave.warehouse, timezone: 'Asia/Shanghai', skus: fx.skus } satisfies PrintRefs)

describe('wave documents from local state match the server (shared fixture)', () => {
  const orders = waveOrders(snapshot, fx.wave.code)

  it('takes the wave’s orders in slot order, never held, cancelled or of another wave', () => {
    expect(orders.map(([eid]) => eid)).toEqual(['tb:early', 'pdd:050', 'tb:101', 'tb:100', 'jd:200', 'tb:300'])
  })

  it('pick list 配货单: grouped by bin and SKU in walking order, with totals', () => {
    const pick = pickList(fx.wave.code, orders, refs)
    expect({
      id: pick.id,
      total_qty: pick.totalQty,
      total_orders: pick.totalOrders,
      lines: pick.lines.map((l) => [l.location, l.walkOrder, l.sku, l.name, l.spec, l.totalQty, l.orderCount, l.spotChecked]),
    }).toEqual(fx.expected.pick)
  })

  it('sort list 二次分拣单: which units go to which order slot', () => {
    const sort = sortList(fx.wave.code, orders, refs)
    expect({
      id: sort.id,
      units: sort.units,
      slots: sort.slots.map((s) => [s.slotNo, s.orderNo, s.carrierName, s.special, s.lines.map((l) => [l.sku, l.name, l.spec, l.qty])]),
    }).toEqual(fx.expected.sort)
  })

  it('packing slips 发货单: one per order, live tracking number, masked phone, notes', () => {
    const slips = packingSlips(orders, refs)
    expect(
      slips.map((s) => [s.orderNo, s.carrierName, s.trackingNo, s.recipientName, maskPhone(s.recipientPhone), s.address, s.note,
        s.lines.map((l) => [l.sku, l.name, l.spec, l.qty])]),
    ).toEqual(fx.expected.slips)
  })

  it('handoff sheet 订单交接表: the pick list barcode, the order numbers in slot order', () => {
    expect(pickListId(fx.wave.code)).toBe(fx.expected.handoff.barcode)
    expect(orderNos(orders)).toEqual(fx.expected.handoff.order_nos)
    const sort = sortList(fx.wave.code, orders, refs)
    expect(sort.slots.map((s) => s.orderNo)).toEqual(fx.expected.handoff.order_nos)
  })

  it('lists orders waiting for a reprint', () => {
    expect(needsReprint(snapshot).map(([eid]) => eid)).toEqual(['pdd:050'])
  })
})

describe('received_at like Python fromisoformat', () => {
  it.each([
    ['2026-11-23T08:00:00Z', '2026-11-23T16:00:00+08:00'],
    ['2026-11-23T07:00:00', '2026-11-23T07:00:00+00:00'],
    ['2026-11-23 07:00', '2026-11-23T07:00:00.000000Z'],
    ['2026-11-23', '2026-11-23T00:00:00Z'],
    ['2026-11-23T02:30:00-0430', '2026-11-23T07:00:00Z'],
  ])('%s == %s', (a, b) => {
    expect(receivedKey(a)).toEqual(receivedKey(b))
  })

  it('keeps microseconds and reads nonsense as the epoch', () => {
    expect(receivedKey('2026-11-23T15:59:59.500001+08:00')[1]).toBe(500001)
    expect(receivedKey('2026-11-23T15:59:59.5+08:00')[1]).toBe(500000)
    for (const bad of ['yesterday', '2026-02-30T00:00:00', '2026-13-01', 42, null, undefined]) expect(receivedKey(bad)).toEqual([0, 0])
  })

  it('breaks ties by order id', () => {
    const o = (at: string) => ({ fields: { received_at: at } }) as unknown as OrderSnapshot
    expect(compareSlots(['b', o('2026-11-23T08:00:00Z')], ['a', o('2026-11-23T16:00:00+08:00')])).toBeGreaterThan(0)
  })
})
