import { describe, expect, it } from 'vitest'
import { hrefOf, parseHash, type Route } from './router'

describe('hash routes', () => {
  it.each<[string, Route]>([
    ['', { name: 'home' }],
    ['#/', { name: 'home' }],
    ['#/scan', { name: 'scan' }],
    ['#/orders', { name: 'orders' }],
    ['#/orders?filter=toShip', { name: 'orders', filter: 'toShip' }],
    ['#/order/taobao%3ATB123', { name: 'order', eid: 'taobao:TB123' }],
    ['#/ledger', { name: 'ledger' }],
    ['#/office', { name: 'office' }],
    ['#/nonsense', { name: 'home' }],
  ])('%s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route)
  })

  it('round-trips every route, including order ids with odd characters', () => {
    const routes: Route[] = [
      { name: 'home' }, { name: 'scan' }, { name: 'orders', filter: 'held' }, { name: 'order', eid: 'jd:JD/1?x#y' },
      { name: 'ledger' }, { name: 'office' },
    ]
    for (const r of routes) expect(parseHash(hrefOf(r))).toEqual(r)
  })
})
