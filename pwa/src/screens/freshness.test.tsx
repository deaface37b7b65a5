// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enrolled, signedIn } from '../authstate'
import { setLang } from '../i18n'
import { invalidateLocal } from '../state'
import { storeRemote } from '../outbox/store'
import { freshIndexedDbPerTest } from '../../test/idb'
import type { Op } from '../sync'
import { Office } from './Office'
import { OrderDetail, Orders } from './Orders'
import { ScanOut } from './ScanOut'

// Issue 10's stale-state bug: customer service changed an order's address, but the order page
// and the scan banner kept the old one. Every view reads the one local view, so after a sync
// each of them shows each kind of change. (The browser test test_changes_reach_every_view.py
// does the same against the real server.)

const DEVICE = 'PDA-7'
let seq = 0
// Stamped when made, as the server does: each change comes after the scan it follows.
const srv = (kind: string, payload: Op['payload'], eid = 'tm:1'): Op =>
  ({ device: 'srv-1', seq: ++seq, wall: Date.now() + seq, ctr: 0, actor: 'C001', kind, etype: 'order', eid, payload })
/** The flagged note the server writes with every change (server/orders/changes.py), and the
 * key the views expose for it. */
let lastFlag = ''
const note = (change: string, text: string, by = 'C001', byName = '陈静'): Op => {
  const at = new Date().toISOString()
  lastFlag = [by, change, at, text].join('|')
  return srv('order.set_field', {
    field: 'flag_note', value: { by, by_name: byName, at, change, old: null, new: null, note: text, after_print: true },
  })
}

let root: HTMLElement
const settleUi = () => act(async () => { await new Promise((r) => setTimeout(r, 80)) })
const q = (sel: string) => root.querySelector<HTMLElement>(sel)

/** A sync landed (here: written by the leader tab, which tells every tab on this channel). */
async function synced(ops: Op[]) {
  await storeRemote(ops, seq, DEVICE)
  const tab = new BroadcastChannel('packline-sync')
  tab.postMessage({ type: 'changed' })
  tab.close()
  await settleUi()
}

function Views() {
  return (
    <>
      <div id="scan"><ScanOut device={DEVICE} /></div>
      <div id="order"><OrderDetail eid="tm:1" /></div>
      <div id="list"><Orders filter="all" /></div>
      <div id="office"><Office token="pls_x" device={DEVICE} roles={['manager']} /></div>
    </>
  )
}

/** What each view says about the order, side by side. */
function shown() {
  const banner = q('#scan [data-testid=scan-result] [data-testid=order-summary]')!
  const row = q('#list [data-testid=order-row][data-eid="tm:1"]')!
  const office = q('#office [data-testid=office-exception][data-eid="tm:1"] [data-testid=order-summary]')!
  const page = {
    status: q('#order [data-testid=order-status]')!.dataset.status,
    hold: String(q('#order [data-testid=order-hold]') !== null),
    address: q('#order [data-testid=order-address]')!.dataset.address,
    tracking: q('#order [data-testid=order-label][data-state=printed]')?.dataset.tracking ?? '',
    flag: q('#order [data-testid=order-flag]')?.dataset.flag ?? '',
  }
  const of = (el: HTMLElement) => ({
    status: el.dataset.status, hold: el.dataset.hold, address: el.dataset.address, tracking: el.dataset.tracking,
    flag: el.dataset.flag,
  })
  if (!banner || !row || !office) throw new Error(`not shown yet: ${[!banner && 'banner', !row && 'row', !office && 'office'].filter(Boolean).join()}`)
  return { page, list: of(row), banner: of(banner), office: of(office) }
}

/** Each view re-reads the local state on its own schedule: wait (up to 5 s) until all agree. */
async function expectEverywhere(want: Partial<ReturnType<typeof shown>['page']>) {
  const check = () => {
    const views = shown()
    for (const [name, got] of Object.entries(views)) expect({ view: name, ...got }).toMatchObject({ view: name, ...want })
  }
  for (let deadline = Date.now() + 5_000; ; ) {
    try {
      return check()
    } catch (e) {
      if (Date.now() > deadline) throw e
      await act(async () => { await new Promise((r) => setTimeout(r, 40)) })
    }
  }
}

freshIndexedDbPerTest()
beforeEach(async () => {
  seq = 0
  invalidateLocal()
  globalThis.fetch = vi.fn(async () => new Response('{}', { status: 503 })) as typeof fetch
  root = document.createElement('div')
  document.body.appendChild(root)
  setLang('zh-CN')
  await enrolled({ device_id: DEVICE, token: 'pld_x', warehouse_code: 'SH01' })
  await signedIn({
    token: 'pls_x', expires_at: '2099-01-01T00:00:00Z',
    me: { device_id: DEVICE, warehouse_code: 'SH01', employee_code: 'M001', name: '黄经理', roles: ['manager'] },
  })
})
afterEach(() => {
  render(null, root)
  root.remove()
  vi.restoreAllMocks()
})

describe('after a sync, every view shows every kind of change', () => {
  it('address, hold and release, void and reprint, cancel, and the flagged note', { timeout: 30_000 }, async () => {
    await storeRemote([
      srv('order.create', { lines: { A: 1 }, fields: { platform_order_no: 'TM261207000159722', carrier: '顺丰', recipient_name: '刘洋', province: '陕西省', city: '西安市', district: '雁塔区', address_detail: '科技路 10 号' } }),
      srv('label.print', { tracking: 'SF1001' }),
      srv('order.hold', { reason: '客户要求暂缓' }),
      note('hold', '客户要求暂缓'),
    ], seq, DEVICE)
    await act(() => render(<Views />, root))
    await settleUi()
    // The picker scans the held parcel: stopped, recorded, and in the office's queue.
    const input = q('[data-testid=scan-input]') as HTMLInputElement
    await act(() => {
      input.value = 'SF1001'
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })
    await act(() => {
      input.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    })
    await settleUi()
    await settleUi()
    expect(q('[data-testid=scan-result]')!.dataset.kind).toBe('hold')
    await expectEverywhere({ status: 'printed', hold: 'true', address: '陕西省西安市雁塔区科技路 10 号', tracking: 'SF1001', flag: lastFlag })
    expect(q('#order [data-testid=order-flag]')!.textContent).toContain('陈静（C001） · 暂停发货 · 客户要求暂缓')

    await synced([
      srv('order.set_address', { address: { recipient_name: '刘洋', recipient_phone: '13900000000', province: '江苏省', city: '苏州市', district: '工业园区', address_detail: '星湖街 328 号' } }),
      note('address', '客户来电改地址'),
      srv('order.set_field', { field: 'needs_reprint', value: true }),
    ])
    await expectEverywhere({ address: '江苏省苏州市工业园区星湖街 328 号', hold: 'true', flag: lastFlag })

    await synced([srv('order.release', { reason: '已确认' }), note('release', '已确认')])
    await expectEverywhere({ hold: 'false', flag: lastFlag })

    await synced([
      srv('label.void', { tracking: 'SF1001' }), srv('label.print', { tracking: 'SF1002' }),
      srv('order.set_field', { field: 'needs_reprint', value: false }), note('reprint', '改单重打', 'P001', '孙磊'),
    ])
    await expectEverywhere({ tracking: 'SF1002', status: 'printed', flag: lastFlag })
    expect(q('#order [data-testid=order-label][data-tracking=SF1001]')!.dataset.state).toBe('voided')

    await synced([srv('order.cancel', { reason: '客户取消' }), srv('label.void', { tracking: 'SF1002' }), note('cancel', '客户取消')])
    await expectEverywhere({ status: 'cancelled', tracking: '', flag: lastFlag })
  })
})
