import { describe, expect, it } from 'vitest'
import type { OrderSnapshot, Snapshot } from '../state'
import { carrierOf, labelData, maskPhone, printable, printableLabels, printStamp } from './labels'

const order = (over: Partial<OrderSnapshot> = {}, fields: OrderSnapshot['fields'] = {}): OrderSnapshot => ({
  status: 'printed',
  hold: false,
  lines: { SKU1: 2, SKU2: 1 },
  fields: {
    platform_order_no: 'TB100', carrier: '顺丰', recipient_name: '张三', recipient_phone: '13812345678',
    province: '浙江省', city: '杭州市', district: '西湖区', address_detail: '文三路1号', received_at: '2024-05-01T08:00:00Z',
    ...fields,
  },
  labels: { SF0000000001: 'printed' },
  picked: {},
  events: [],
  ...over,
})

describe('label data from local state', () => {
  it('mirrors the server label: carrier, tracking, QR payload, masked phone, address', () => {
    const l = labelData('o1', order(), '上海一号仓', '2024-05-01 16:00')
    expect(l).toMatchObject({
      carrier: 'SF', carrierName: '顺丰速运', trackingNo: 'SF0000000001', orderNo: 'TB100', labelVersion: 1,
      itemCount: 3, fullAddress: '浙江省杭州市西湖区文三路1号', special: false, qrPayload: 'PL1;SF0000000001;TB100;v1',
    })
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('12345')).toBe('1***5')
  })

  it('prints the newest live label after a reprint, with the version counting every label', () => {
    const l = labelData('o1', order({ labels: { SF0000000001: 'voided', SF0000000002: 'printed' } }), 'S', 'now')
    expect(l.trackingNo).toBe('SF0000000002')
    expect(l.qrPayload).toBe('PL1;SF0000000002;TB100;v2')
  })

  it('a set address wins over the separate fields; special text collects requests', () => {
    const o = order({}, { address: { recipient_name: '李四', city: '宁波市' }, greeting_card: '生日快乐' })
    const l = labelData('o1', o, 'S', 'now')
    expect(l.recipientName).toBe('李四')
    expect(l.fullAddress).toBe('浙江省宁波市西湖区文三路1号')
    expect(l.special).toBe(true)
    expect(l.specialRequest).toBe('贺卡：生日快乐')
    expect(labelData('o1', order({}, { needs_crate: true }), 'S', 'now').special).toBe(true)
  })

  it('never prints held, cancelled, unlabelled or voided-only orders', () => {
    expect(printable(order())).toBe(true)
    expect(printable(order({ hold: true }))).toBe(false)
    expect(printable(order({ status: 'cancelled' }))).toBe(false)
    expect(printable(order({ status: 'shipped' }))).toBe(false)
    expect(printable(order({ status: 'created', labels: {} }))).toBe(false)
    expect(printable(order({ labels: { SF0000000001: 'voided' } }))).toBe(false)
    expect(printable(order({}, { needs_reprint: true }))).toBe(false) // stale after a change: reprint first
  })

  it('selects printable orders oldest first', () => {
    const s = {
      orders: {
        b: order({}, { received_at: '2024-05-01T09:00:00Z' }),
        a: order({}, { received_at: '2024-05-01T10:00:00Z' }),
        held: order({ hold: true }),
      },
    } as unknown as Snapshot
    expect(printableLabels(s, 'S', 'now').map((l) => l.eid)).toEqual(['b', 'a'])
  })

  it('maps carrier names like the server, defaulting to ZTO', () => {
    expect(carrierOf('中通速递')).toBe('ZTO')
    expect(carrierOf(' SF  Express ')).toBe('SF')
    expect(carrierOf('邮政')).toBe('EMS')
    expect(carrierOf('unknown')).toBe('ZTO')
    expect(carrierOf(undefined)).toBe('ZTO')
  })

  it('stamps the print time in the warehouse zone', () => {
    expect(printStamp('Asia/Shanghai', new Date('2024-05-01T16:30:00Z'))).toBe('2024-05-02 00:30')
  })
})
