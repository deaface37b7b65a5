import { describe, expect, it } from 'vitest'
import { catalogs, detectLang, format, translate } from './index'
import { zhCN } from './zh-CN'
import { en } from './en'

describe('catalogues', () => {
  it('en has exactly the zh-CN keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort())
  })

  it('no message is empty and placeholders match across languages', () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort()
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(zhCN[key].trim(), key).not.toBe('')
      expect(en[key].trim(), key).not.toBe('')
      expect(holes(en[key]), key).toEqual(holes(zhCN[key]))
    }
  })

  it('uses the staff’s own words for roles', () => {
    expect(catalogs['zh-CN']['role.printer']).toBe('打单员')
    expect(catalogs['zh-CN']['role.picker']).toBe('备货员·发货员')
    expect(catalogs['zh-CN']['role.manager']).toBe('经理·仓管')
  })
})

describe('detectLang', () => {
  it.each([
    [['zh-CN', 'en'], 'zh-CN'],
    [['zh-TW'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    [['en-US', 'zh-CN'], 'en'],
    [['fr-FR', 'zh-Hans-CN'], 'zh-CN'],
    [['de-DE'], 'en'],
    [[], 'en'],
  ] as const)('%j -> %s', (langs, want) => {
    expect(detectLang(langs)).toBe(want)
  })

  it('handles a missing navigator.languages', () => {
    expect(detectLang(undefined)).toBe('en')
  })
})

describe('format', () => {
  it('fills named placeholders and leaves unknown ones', () => {
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}')
    expect(translate('en', 'stat.orders', { n: 3 })).toBe('3 orders')
    expect(translate('zh-CN', 'stat.orders', { n: 3 })).toBe('3 单')
  })
})
