// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enrolled, signedIn } from '../authstate'
import { setLang } from '../i18n'
import { invalidateLocal } from '../state'
import { pendingOps, storeRemote } from '../outbox/store'
import { freshIndexedDbPerTest } from '../../test/idb'
import { shipping, type Op } from '../sync'
import { Crates } from './Crates'
import { Ship } from './Ship'

// The manifest QR is drawn by the zxing writer (WASM, exercised in src/barcode and the
// browser test); here a one-module stand-in keeps the test to the screen's logic.
vi.mock('../barcode', () => ({ encode: async () => ({ width: 1, height: 1, dark: new Uint8Array([1]) }) }))

const DEVICE = 'PDA-8'
let seq = 0
const srv = (kind: string, eid: string, payload: Op['payload']): Op => ({
  device: 'srv-1', seq: ++seq, wall: Date.now() - 60_000 + seq, ctr: 0, actor: 'system', kind, etype: 'order', eid, payload,
})
const order = (eid: string, fields: Record<string, unknown>) =>
  srv('order.create', eid, { lines: { A: 1 }, fields: { platform_order_no: eid.toUpperCase(), ...fields } as Op['payload'] })

let root: HTMLElement
const settleUi = () => act(async () => { await new Promise((r) => setTimeout(r, 60)) })
/** The screen re-reads IndexedDB after each recorded op: wait (bounded) until it shows it. */
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
const q = (sel: string) => root.querySelector<HTMLElement>(sel)
const qa = (sel: string) => [...root.querySelectorAll<HTMLElement>(sel)]
async function type(sel: string, value: string, submit = true) {
  const input = q(sel) as HTMLInputElement
  await act(() => {
    input.value = value
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
  if (submit) await act(() => { input.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })) })
  await settleUi()
}
async function signIn(roles: string[]) {
  await signedIn({
    token: 'pls_x', expires_at: '2099-01-01T00:00:00Z',
    me: { device_id: DEVICE, warehouse_code: 'SH01', employee_code: 'K001', name: '王建国', roles },
  })
}

freshIndexedDbPerTest()
beforeEach(async () => {
  seq = 0
  localStorage.clear()
  invalidateLocal()
  globalThis.fetch = vi.fn(async () => new Response('{}', { status: 503 })) as typeof fetch
  root = document.createElement('div')
  document.body.appendChild(root)
  setLang('zh-CN')
  const ops = [
    order('c1', { carrier: '顺丰', needs_crate: true }), srv('label.print', 'c1', { tracking: 'SFC1' }),
    order('s1', { carrier: '顺丰' }), srv('label.print', 's1', { tracking: 'SF1' }),
    srv('parcel.scan_out', 's1', { tracking: 'SF1', items: { A: 1 }, slip: 'in' }),
    order('s2', { carrier: '顺丰' }), srv('label.print', 's2', { tracking: 'SF2' }),
    order('f1', { carrier: '托运部' }),
  ]
  await storeRemote(ops, ops.length, DEVICE)
  await enrolled({ device_id: DEVICE, token: 'pld_x', warehouse_code: 'SH01' })
})
afterEach(() => {
  render(null, root)
  root.remove()
  vi.restoreAllMocks()
})

describe('Crates', () => {
  it('hands a crate order to the packer by scan with a due time from the slots, and flags a waiting courier', async () => {
    await signIn(['picker'])
    await act(() => render(<Crates device={DEVICE} roles={['picker']} />, root))
    await settleUi()
    await eventually(() => expect(q('[data-testid=crate-row]')!.dataset.state).toBe('none'))
    await type('[data-testid=crate-packer]', 'P07', false)
    await type('[data-testid=crate-scan]', 'sfc1')
    const before = Date.now()
    await act(() => q('[data-testid=crate-handoff]')!.click())
    await settleUi()
    const [hand] = await pendingOps(DEVICE)
    expect(hand!.op.kind).toBe('crate.handoff')
    expect(hand!.op.payload.packer).toBe('P07')
    const due = hand!.op.payload.due as number
    expect(due).toBe(shipping.crateDue(shipping.CRATE_SLOTS, hand!.op.wall, 480))
    expect(due).toBeGreaterThan(before)
    await eventually(() => expect(q('[data-testid=crate-row]')!.dataset.state).toBe('handed'))
    await act(() => q('[data-testid=courier-here]')!.click())
    await settleUi()
    expect((await pendingOps(DEVICE)).map((r) => r.op.kind)).toEqual(['crate.handoff', 'crate.wait'])
    await eventually(() => expect(q('[data-testid=crate-row]')!.dataset.waiting).toBe('true'))
    // a non-crate order is refused
    await type('[data-testid=crate-scan]', 'SF1')
    await eventually(() => expect(q('[data-testid=crate-msg]')!.textContent).toContain('不是木箱订单'))
  })

  it('lets the packer confirm receipt on their own phone, and records a freight handoff', async () => {
    await storeRemote([srv('crate.handoff', 'c1', { packer: 'K001', due: Date.now() + 3_600_000 })], 99, DEVICE)
    await signIn(['packer', 'picker'])
    await act(() => render(<Crates device={DEVICE} roles={['packer', 'picker']} />, root))
    await settleUi()
    await type('[data-testid=crate-scan]', 'SFC1')
    await act(() => q('[data-testid=crate-sign]')!.click())
    await settleUi()
    await eventually(() => expect(q('[data-testid=crate-row]')!.dataset.state).toBe('signed'))
    await type('[data-testid=freight-driver]', '李师傅', false)
    await act(() => q('[data-testid=freight-handoff]')!.click())
    await settleUi()
    expect((await pendingOps(DEVICE)).map((r) => [r.op.kind, r.op.payload])).toEqual([
      ['crate.sign', {}], ['freight.handoff', { driver: '李师傅' }],
    ])
    await eventually(() => expect(q('[data-testid=freight-row]')!.dataset.handed).toBe('true'))
  })
})

describe('Ship', () => {
  it('confirms a batch only when the count matches, sends the unscanned order to exceptions, shows the manifest', async () => {
    await signIn(['picker'])
    await act(() => render(<Ship device={DEVICE} roles={['picker']} />, root))
    await settleUi()
    await eventually(() => expect(q('[data-testid=ship-scanned]')!.textContent).toBe('1'))
    expect(q('[data-testid=ship-missing]')!.textContent).toBe('2') // s2 and c1: labelled, not scanned
    await type('[data-testid=ship-count]', '2')
    await eventually(() => expect(q('[data-testid=ship-msg]')!.dataset.ok).toBe('false'))
    expect(await pendingOps(DEVICE)).toEqual([])
    await type('[data-testid=ship-count]', '1')
    await eventually(() => expect(q('[data-testid=ship-msg]')!.dataset.ok).toBe('true'))
    const kinds = (await pendingOps(DEVICE)).map((r) => [r.op.kind, r.op.eid])
    expect(kinds).toEqual([['batch.ship', 's1'], ['batch.missed', 'c1'], ['batch.missed', 's2'], ['crate.wait', 'c1']])
    const manifest = q('[data-testid=manifest]')!
    expect(shipping.parseManifest(manifest.dataset.text!)!.eids).toEqual(['s1'])
    expect(manifest.dataset.confirmed).toBe('false')
    const row = () => q('[data-testid=recon-row]')!
    expect(row().dataset.carrier).toBe('顺丰')
    await eventually(() => expect(row().dataset.counts).toBe('3,1,1,0')) // c1, s1, s2 printed; s1 scanned and handed
    expect(q('[data-testid=recon-gaps] [data-gap=not_scanned]')!.textContent).toContain('C1')
  })

  it("records the courier's pickup from the manifest QR, or refuses a wrong count", async () => {
    await storeRemote([srv('batch.ship', 's1', { batch: 'B9', carrier: '顺丰', count: 1 })], 99, DEVICE)
    await signIn(['courier'])
    await act(() => render(<Ship device={DEVICE} roles={['courier']} />, root))
    await settleUi()
    expect(q('[data-testid=batch]')).toBeNull() // the courier does not ship batches
    await eventually(() => expect(q('[data-testid=pickup-batch]')!.dataset.batch).toBe('B9'))
    await type('[data-testid=pickup-count]', '2')
    await eventually(() => expect(q('[data-testid=pickup-msg]')!.dataset.ok).toBe('false'))
    await type('[data-testid=pickup-scan]', 'not a manifest')
    await eventually(() => expect(q('[data-testid=pickup-msg]')!.dataset.ok).toBe('false'))
    await type('[data-testid=pickup-scan]', shipping.manifestText('B9', '顺丰', ['s1']))
    await eventually(() => expect(q('[data-testid=pickup-msg]')!.dataset.ok).toBe('true'))
    expect((await pendingOps(DEVICE)).map((r) => [r.op.kind, r.op.payload])).toEqual([
      ['pickup.confirm', { batch: 'B9', carrier: '顺丰', count: 1, method: 'qr' }],
    ])
    await eventually(() => expect(qa('[data-testid=pickup-batch]')).toEqual([]))
  })
})
