// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enrolled, signedIn } from '../authstate'
import { setLang } from '../i18n'
import { invalidateLocal } from '../state'
import { createOp, pendingOps, settle, storeRemote } from '../outbox/store'
import { freshIndexedDbPerTest } from '../../test/idb'
import { overviewUrl } from '../api'
import { putCached } from '../cache'
import type { Op } from '../sync'
import { Ledger } from './Ledger'
import { OrderDetail, Orders } from './Orders'
import { ScanOut } from './ScanOut'

const DEVICE = 'PDA-7'
const srv = (seq: number, kind: string, eid: string, payload: Op['payload']): Op => ({
  device: 'srv-1', seq, wall: 1_700_000_000_000 + seq, ctr: 0, actor: 'system', kind, etype: 'order', eid, payload,
})
const SERVER_OPS: Op[] = [
  srv(1, 'order.create', 'tb:1', { lines: { A: 1 }, fields: { platform_order_no: 'TB0001', carrier: '顺丰', recipient_name: '王芳', received_at: '2026-01-01T08:00:00+08:00' } }),
  srv(2, 'label.print', 'tb:1', { tracking: 'SF100' }),
  srv(3, 'order.create', 'tb:2', { lines: { A: 2 }, fields: { platform_order_no: 'TB0002', carrier: '中通', received_at: '2026-01-01T09:00:00+08:00' } }),
  srv(4, 'label.print', 'tb:2', { tracking: '7000' }),
  srv(5, 'order.hold', 'tb:2', { reason: '地址待确认' }),
  srv(6, 'order.create', 'tb:3', { lines: { A: 1 }, fields: { platform_order_no: 'TB0003', received_at: '2026-01-01T10:00:00+08:00' } }),
]

let root: HTMLElement
const settleUi = () => act(async () => { await new Promise((r) => setTimeout(r, 60)) })

// Registered first: the fresh database is there before the seeding below, and closed after unmounting.
freshIndexedDbPerTest()
beforeEach(async () => {
  localStorage.clear() // the parcel in progress is kept per device across reloads
  invalidateLocal()
  globalThis.fetch = vi.fn(async () => new Response('{}', { status: 503 })) as typeof fetch
  root = document.createElement('div')
  document.body.appendChild(root)
  setLang('zh-CN')
  await storeRemote(SERVER_OPS, 6, DEVICE)
  await enrolled({ device_id: DEVICE, token: 'pld_x', warehouse_code: 'SH01' })
  await signedIn({
    token: 'pls_x', expires_at: '2099-01-01T00:00:00Z',
    me: { device_id: DEVICE, warehouse_code: 'SH01', employee_code: 'K001', name: '王建国', roles: ['picker'] },
  })
})
afterEach(async () => {
  render(null, root)
  root.remove()
  vi.restoreAllMocks()
})

const q = (sel: string) => root.querySelector<HTMLElement>(sel)
/** Under load an op's IndexedDB round trip can outlast one settle: wait (bounded) for the screen. */
async function eventually(check: () => void, ms = 3_000) {
  const end = Date.now() + ms
  for (;;) {
    try {
      return check()
    } catch (e) {
      if (Date.now() > end) throw e
      await settleUi()
    }
  }
}
const kindIs = (kind: string) => eventually(() => expect(q('[data-testid=scan-result]')!.dataset.kind).toBe(kind))
async function scan(code: string) {
  const input = q('[data-testid=scan-input]') as HTMLInputElement
  await act(() => {
    input.value = code
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
  await act(() => {
    input.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
  })
  await settleUi()
}

describe('ScanOut', () => {
  it('ships a parcel only once its label, every item and the packing slip are in, then records it', async () => {
    await act(() => render(<ScanOut device={DEVICE} />, root))
    await settleUi()
    await scan(' sf100 ')
    await kindIs('wait-items')
    expect(await pendingOps(DEVICE)).toEqual([]) // nothing recorded until the parcel is complete
    await scan('a')
    await kindIs('wait-slip')
    expect(await pendingOps(DEVICE)).toEqual([])
    await act(() => q('[data-testid=slip-in]')!.click())
    await settleUi()
    await kindIs('ok')
    expect(q('[data-testid=scan-result]')!.textContent).toContain('SF100')
    const pending = await pendingOps(DEVICE)
    expect(pending.map((r) => [r.op.kind, r.op.eid, r.op.payload, r.op.actor])).toEqual([
      ['parcel.scan_out', 'tb:1', { tracking: 'SF100', items: { A: 1 }, slip: 'in' }, 'K001'],
    ])
    await settleUi() // the recent list re-reads IndexedDB after the op is recorded
    expect(q('[data-testid=recent-scan]')!.dataset.state).toBe('pending')
    expect(q('[data-testid=parcel]')).toBeNull()
  })

  it('in promotion mode (the warehouse setting, cached for offline) ships without the slip step', async () => {
    await putCached(overviewUrl('SH01'), { warehouse: { code: 'SH01', name: 'x', timezone: 'Asia/Shanghai', promotion: true } })
    await act(() => render(<ScanOut device={DEVICE} />, root))
    await settleUi()
    expect(q('[data-testid=promo-mode]')).toBeNull() // no parcel yet
    await scan('SF100')
    expect(q('[data-testid=promo-mode]')).not.toBeNull()
    await scan('A')
    await kindIs('ok')
    expect((await pendingOps(DEVICE)).map((r) => r.op.payload)).toEqual([{ tracking: 'SF100', items: { A: 1 }, slip: 'promo' }])
  })

  it('accepts the items before the label', async () => {
    await act(() => render(<ScanOut device={DEVICE} />, root))
    await settleUi()
    await scan('A')
    await kindIs('wait-label')
    await scan('SF100')
    await kindIs('wait-slip')
  })

  it('stops the parcel with a record for a wrong product, one too many, or a short count', async () => {
    await act(() => render(<ScanOut device={DEVICE} />, root))
    await settleUi()
    await scan('SF100')
    await scan('B') // not on the order
    await kindIs('wrong_item')
    expect(q('[data-testid=scan-result]')!.className).toContain('scan-bad')
    await scan('SF100')
    await kindIs('wait-items')
    await scan('A')
    await kindIs('wait-slip')
    await act(() => new Promise((r) => setTimeout(r, 400))) // a second read, past the debounce window
    await scan('A') // one over
    await kindIs('quantity')
    await scan('SF100')
    await kindIs('wait-items')
    await act(() => q('[data-testid=stop-short]')!.click())
    await settleUi()
    await kindIs('quantity')
    const pending = await pendingOps(DEVICE)
    expect(pending.map((r) => r.op.payload)).toEqual([
      { tracking: 'SF100', items: { B: 1 } },
      { tracking: 'SF100', items: { A: 2 } },
      { tracking: 'SF100', items: {} },
    ])
    // no force button anywhere on the screen
    expect(root.textContent).not.toMatch(/强制|force/i)
  })

  it('stops an unknown label without recording anything, and a held order with a record', async () => {
    await act(() => render(<ScanOut device={DEVICE} />, root))
    await settleUi()
    await scan('NOPE123') // neither a label nor a product here
    await kindIs('unknown')
    expect(await pendingOps(DEVICE)).toEqual([])
    await scan('7000')
    await kindIs('hold')
    // Recorded: the op raises order_on_hold for the exception handler.
    expect((await pendingOps(DEVICE)).length).toBe(1)
  })

  it('accepts a keyboard-wedge burst typed outside the input', async () => {
    await act(() => render(<ScanOut device={DEVICE} />, root))
    await settleUi()
    ;(document.activeElement as HTMLElement | null)?.blur()
    let t = 1_000
    await act(() => {
      for (const key of [...'SF100', 'Enter']) {
        const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })
        Object.defineProperty(e, 'timeStamp', { value: (t += 8) })
        document.body.dispatchEvent(e)
      }
    })
    await settleUi()
    await kindIs('wait-items') // the label was read
    expect(q('[data-testid=scan-result]')!.dataset.tracking).toBe('SF100')
  })
})

describe('Ledger', () => {
  it('lists pending ops, refused ops with their reason, and conflicts with both sides', async () => {
    await createOp(DEVICE, 'K001', { kind: 'parcel.scan_out', etype: 'order', eid: 'tb:1', payload: { tracking: 'SF100' } })
    await createOp(DEVICE, 'K001', { kind: 'parcel.scan_out', etype: 'order', eid: 'tb:3', payload: { tracking: 'X' } })
    // The server refused the second one; another device scanned SF100 too.
    const [, second] = await pendingOps(DEVICE)
    await settle([second!], [{ id: second!.id, status: 'rejected', reason: 'forbidden' }])
    await storeRemote([{ ...srv(7, 'parcel.scan_out', 'tb:1', { tracking: 'SF100' }), device: 'PDA-9', seq: 1, actor: 'K002', wall: 1_700_000_001_000 }], 7, DEVICE)
    invalidateLocal()
    await act(() => render(<Ledger device={DEVICE} />, root))
    await settleUi()
    expect(q('[data-testid=ledger-pending]')!.dataset.count).toBe('1')
    expect(q('[data-testid=ledger-rejected]')!.dataset.count).toBe('1')
    expect(q('[data-testid=ledger-rejected]')!.textContent).toContain('操作人的角色无权执行此操作')
    const exc = q('[data-testid=ledger-exception]')!
    expect(exc.dataset.kind).toBe('duplicate_scan')
    expect(exc.querySelectorAll('.fact').length).toBe(2)
    expect(exc.textContent).toContain('K002')
  })
})

describe('Orders', () => {
  it('lists what is waiting to ship from the local replica, oldest first, with status', async () => {
    await act(() => render(<Orders filter="toShip" />, root))
    await settleUi()
    const rows = [...root.querySelectorAll<HTMLElement>('[data-testid=order-row]')]
    expect(rows.map((r) => r.dataset.eid)).toEqual(['tb:1']) // tb:2 is on hold, tb:3 not printed
    expect(rows[0]!.dataset.tracking).toBe('SF100')
    expect(rows[0]!.textContent).toContain('已打单')
  })

  it('shows an order with its labels and scan events', async () => {
    await createOp(DEVICE, 'K001', { kind: 'parcel.scan_out', etype: 'order', eid: 'tb:1', payload: { tracking: 'SF100' } })
    invalidateLocal()
    await act(() => render(<OrderDetail eid="tb:1" />, root))
    await settleUi()
    expect(q('[data-testid=order-status]')!.dataset.status).toBe('shipped')
    expect(q('[data-testid=order-events]')!.dataset.count).toBe('1')
    expect(q('[data-testid=order-event]')!.dataset.state).toBe('pending')
  })
})
