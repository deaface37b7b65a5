// @vitest-environment happy-dom
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DemoUser, Overview } from '../api'
import { closeCache, putCached } from '../cache'
import { setLang } from '../i18n'
import { Home } from './Home'
import { UserPicker } from './UserPicker'

const users: DemoUser[] = [
  { employee_code: 'E001', name: '王芳', roles: ['printer'], warehouse_code: 'SH1' },
  { employee_code: 'E002', name: '李强', roles: ['picker', 'courier'], warehouse_code: 'SH1' },
]
const overview: Overview = {
  warehouse: { code: 'SH1', name: '上海一仓', timezone: 'Asia/Shanghai' },
  date: '2024-05-01',
  orders: { total: 120, printable: 80, held: 3, special: 7, crate: 2, printed: 60, shipped: 41,
    by_carrier: [{ carrier: '顺丰', count: 70 }, { carrier: '圆通', count: 50 }] },
  skus: 900,
  low_stock: 12,
}

let root: HTMLElement
const flush = () => act(async () => { await new Promise((r) => setTimeout(r, 20)) })

function mockFetch(body: unknown, ok = true) {
  globalThis.fetch = vi.fn(async () => new Response(JSON.stringify(body), { status: ok ? 200 : 503 })) as typeof fetch
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
  root = document.createElement('div')
  document.body.appendChild(root)
  setLang('zh-CN')
})
afterEach(async () => {
  render(null, root)
  root.remove()
  await closeCache()
  vi.restoreAllMocks()
})

describe('UserPicker', () => {
  it('lists users from the API and reports the pick', async () => {
    mockFetch(users)
    const onPick = vi.fn()
    await act(() => render(<UserPicker onPick={onPick} />, root))
    await flush()
    const items = root.querySelectorAll<HTMLButtonElement>('[data-testid=user-item]')
    expect(items.length).toBe(2)
    expect(items[1]!.textContent).toContain('备货员·发货员')
    items[1]!.click()
    expect(onPick).toHaveBeenCalledWith(users[1])
  })

  it('shows a friendly state instead of a blank page when the API fails and nothing is cached', async () => {
    mockFetch({}, false)
    await act(() => render(<UserPicker onPick={() => {}} />, root))
    await flush()
    expect(root.querySelector('[data-testid=empty-state]')).not.toBeNull()
  })
})

describe('Home', () => {
  it('renders the printer view from cache even when the network fails', async () => {
    await putCached('/api/overview?warehouse=SH1', overview, Date.now())
    mockFetch({}, false)
    await act(() => render(<Home user={users[0]!} role="printer" onRole={() => {}} onSwitchUser={() => {}} />, root))
    await flush()
    const home = root.querySelector('[data-testid=home]')!
    expect(home.getAttribute('data-role')).toBe('printer')
    expect(home.textContent).toContain('上海一仓')
    expect(root.querySelector('[data-stat="stat.special"] dd')!.textContent).toBe('7')
    expect(root.querySelector('[data-testid=net-status]')!.getAttribute('data-online')).toMatch(/true|false/)
  })

  it('switches language from the header', async () => {
    mockFetch(overview)
    await act(() => render(<Home user={users[1]!} role="courier" onRole={() => {}} onSwitchUser={() => {}} />, root))
    await flush()
    expect(root.textContent).toContain('快递员')
    await act(() => root.querySelector<HTMLButtonElement>('[data-testid=lang-switch]')!.click())
    expect(root.textContent).toContain('Courier')
    expect(document.documentElement.lang).toBe('en')
    expect(root.textContent).toContain('70 parcels')
  })
})
