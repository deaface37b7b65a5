import { describe, expect, it } from 'vitest'
import { ROLES } from './api'
import { clockIn, ROLE_VIEWS } from './roles'
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

  it('reads the clock in the warehouse time zone', () => {
    const utcMidnight = new Date('2024-05-01T00:00:00Z')
    expect(clockIn('Asia/Shanghai', utcMidnight)).toBe('08:00')
    expect(clockIn('UTC', utcMidnight)).toBe('00:00')
  })
})
