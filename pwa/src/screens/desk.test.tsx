// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enrolled, signedIn } from '../authstate'
import { setLang } from '../i18n'
import { invalidateLocal } from '../state'
import { pendingOps, storeRemote } from '../outbox/store'
import { freshIndexedDbPerTest } from '../../test/idb'
import type { Op } from '../sync'
import { Exceptions } from './Exceptions'

const DEVICE = 'DESK-1'
const T = Date.UTC(2026, 0, 1, 8)
const op = (device: string, seq: number, dt: number, kind: string, eid: string, payload: Op['payload'], etype = 'order'): Op => ({
  device, seq, wall: T + dt, ctr: 0, actor: device === 'A' ? 'K001' : 'M001', kind, etype, eid, payload,
})
// Two duplicate scans: SF1 (order 1, 顺丰) five hours ago, SF2 (order 2, 中通) ten minutes ago.
const OPS: Op[] = [
  op('S', 1, 0, 'order.create', 'o1', { lines: { A: 1 }, fields: { platform_order_no: 'TB1', carrier: '顺丰' } }),
  op('S', 2, 0, 'order.create', 'o2', { lines: { A: 1 }, fields: { platform_order_no: 'TB2', carrier: '中通' } }),
  op('A', 1, 10, 'parcel.scan_out', 'o1', { tracking: 'SF1' }),
  op('B', 1, 20, 'parcel.scan_out', 'o1', { tracking: 'SF1' }),
  op('A', 2, 290 * 60_000, 'parcel.scan_out', 'o2', { tracking: 'SF2' }),
  op('B', 2, 291 * 60_000, 'parcel.scan_out', 'o2', { tracking: 'SF2' }),
]
const NOW = T + 300 * 60_000

let root: HTMLElement
const settleUi = () => act(async () => { await new Promise((r) => setTimeout(r, 80)) })
const q = (sel: string) => root.querySelector<HTMLElement>(sel)
/** Settle until `ok()` (a loaded machine reads IndexedDB slowly), at most ~4 s. */
async function until(ok: () => boolean) {
  for (let i = 0; i < 50 && !ok(); i++) await settleUi()
}
const count = () => Number(q('[data-testid=desk-list]')?.dataset.count)
async function choose(sel: string, value: string) {
  const s = q(sel) as HTMLSelectElement
  await act(() => {
    s.value = value
    s.dispatchEvent(new Event('change', { bubbles: true }))
  })
  await settleUi()
}

freshIndexedDbPerTest()
beforeEach(async () => {
  invalidateLocal()
  globalThis.fetch = vi.fn(async () => new Response('{}', { status: 503 })) as typeof fetch
  root = document.createElement('div')
  document.body.appendChild(root)
  setLang('zh-CN')
  await storeRemote(OPS, 6, DEVICE)
  await enrolled({ device_id: DEVICE, token: 'pld_x', warehouse_code: 'SH01' })
  await signedIn({
    token: 'pls_x', expires_at: '2099-01-01T00:00:00Z',
    me: { device_id: DEVICE, warehouse_code: 'SH01', employee_code: 'E001', name: '郑洁', roles: ['exceptions'] },
  })
})
afterEach(() => {
  render(null, root)
  root.remove()
  vi.restoreAllMocks()
})

describe('exception desk screen', () => {
  it('filters by carrier and age, and an assign is an op that the assignee filter then finds', async () => {
    render(<Exceptions device={DEVICE} me="E001" roles={['exceptions']} token="pls_x" now={() => NOW} />, root)
    await until(() => count() === 2)
    expect(count()).toBe(2)
    await choose('[data-testid=desk-filter-carrier]', '顺丰')
    expect(count()).toBe(1)
    await choose('[data-testid=desk-filter-carrier]', '')
    await choose('[data-testid=desk-filter-age]', '4')
    expect(count()).toBe(1) // only the one from five hours ago
    await choose('[data-testid=desk-filter-age]', '0')
    await choose('[data-testid=desk-filter-assignee]', '-')
    expect(count()).toBe(2)
  })

  it('a resolve by the exception handler is recorded as an op and the row leaves the list', async () => {
    const id = 'duplicate_scan:A:1|B:1'
    render(<Exceptions id={id} device={DEVICE} me="E001" roles={['exceptions']} token="pls_x" now={() => NOW} />, root)
    await until(() => q('[data-testid=desk-detail]')?.dataset.state === 'open')
    expect(q('[data-testid=desk-detail]')?.dataset.state).toBe('open')
    await choose('[data-testid=desk-outcome]', 'reprint')
    await act(() => q('[data-testid=desk-resolve]')!.click())
    await until(() => q('[data-testid=desk-detail]')?.dataset.state === 'resolved')
    const [rec] = await pendingOps(DEVICE)
    expect(rec?.op).toMatchObject({ kind: 'exception.resolve', etype: 'exception', eid: id, actor: 'E001', payload: { outcome: 'reprint' } })
    expect(q('[data-testid=desk-detail]')?.dataset.state).toBe('resolved')
  })

  it('customer service sees only the note action', async () => {
    render(<Exceptions id="duplicate_scan:A:1|B:1" device={DEVICE} me="C001" roles={['cs']} token="pls_x" now={() => NOW} />, root)
    await until(() => q('[data-testid=desk-note]') !== null)
    expect(q('[data-testid=desk-note]')).not.toBeNull()
    expect(q('[data-testid=desk-resolve]')).toBeNull()
    expect(q('[data-testid=desk-assign-me]')).toBeNull()
    expect(q('[data-testid=desk-notify]')).toBeNull()
  })
})
