// @vitest-environment happy-dom
import { render } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'
import type { Overview } from '../api'
import { rules } from '../sync'
import { ROLE_VIEWS } from '../roles'
import { SectionCard } from './Sections'

const counts = rules.orderCounts([])

function overview(warehouse: Partial<Overview['warehouse']>): Overview {
  return { warehouse: { code: 'SH01', name: '上海一仓', timezone: 'Asia/Shanghai', ...warehouse }, date: '2026-12-07', orders: counts, skus: 0, low_stock: 0 }
}

describe('schedule cards', () => {
  const host = document.createElement('div')
  afterEach(() => render(null, host))
  const waves = ROLE_VIEWS.printer.sections.find((s) => s.kind === 'schedule')!

  it("show the warehouse's configured wave times (server data), the next one marked", () => {
    // 09:00 in Shanghai; this warehouse prints at 10:30 and 15:00 only
    render(<SectionCard section={waves} overview={overview({ wave_times: ['15:00', '10:30'] })} now={new Date('2026-12-07T01:00:00Z')} />, host)
    const slots = [...host.querySelectorAll('.slots li')].map((li) => [li.textContent, li.className])
    expect(slots).toEqual([['10:30', 'slot-next'], ['15:00', '']])
  })

  it('show nothing while the times are not known on this device', () => {
    render(<SectionCard section={waves} overview={overview({})} />, host)
    expect(host.querySelector('.slots')).toBeNull()
  })
})
