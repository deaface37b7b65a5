import { describe, expect, it } from 'vitest'
import { ROLES } from './api'
import { clockIn, ROLE_VIEWS, SCREEN_KINDS, screensFor } from './roles'
import { may } from './sync'
import { zhCN } from './i18n/zh-CN'

describe('role views', () => {
  it('every role has a view whose labels exist in the catalogue', () => {
    for (const r of ROLES) {
      const v = ROLE_VIEWS[r]
      expect(v.sections.length, r).toBeGreaterThan(0)
      expect(`role.${r}` in zhCN, r).toBe(true)
      for (const a of v.actions) expect(a in zhCN, a).toBe(true)
    }
  })

  it('offers no screen whose op the core refuses the role (the server would reject it)', () => {
    for (const r of ROLES) {
      for (const screen of ROLE_VIEWS[r].screens) {
        const kind = SCREEN_KINDS[screen]
        if (kind) expect(may([r], kind), `${r} ${screen}`).toBe(true)
      }
    }
    expect(screensFor(['picker'])).toContain('scan')
    expect(screensFor(['courier'])).not.toContain('scan')
    expect(screensFor(['cs', 'courier'])).not.toContain('scan')
    expect(screensFor(['admin'])).toContain('scan')
  })

  it('reads the clock in the warehouse time zone', () => {
    const utcMidnight = new Date('2024-05-01T00:00:00Z')
    expect(clockIn('Asia/Shanghai', utcMidnight)).toBe('08:00')
    expect(clockIn('UTC', utcMidnight)).toBe('00:00')
  })
})
