import { useEffect, useState } from 'preact/hooks'

// Hash routes: the service worker serves index.html for every navigation anyway, and the
// hash survives an offline reload, so a picker reloading mid-shift lands where they were.
export type Route =
  | { name: 'home' }
  | { name: 'scan' }
  | { name: 'orders'; filter?: string }
  | { name: 'order'; eid: string }
  | { name: 'ledger' }
  | { name: 'office' }
  | { name: 'print' }
  | { name: 'pick' }
  | { name: 'receive' }
  | { name: 'qc' }
  | { name: 'defects' }
  | { name: 'count' }
  | { name: 'exceptions'; id?: string }
  | { name: 'route' }
  | { name: 'deliver'; eid: string }
  | { name: 'crates' }
  | { name: 'ship' }

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?')
  const parts = path.split('/').filter(Boolean)
  switch (parts[0]) {
    case 'scan':
      return { name: 'scan' }
    case 'orders': {
      const filter = new URLSearchParams(query).get('filter') ?? undefined
      return filter ? { name: 'orders', filter } : { name: 'orders' }
    }
    case 'order':
      return parts[1] ? { name: 'order', eid: decodeURIComponent(parts.slice(1).join('/')) } : { name: 'orders' }
    case 'ledger':
      return { name: 'ledger' }
    case 'office':
      return { name: 'office' }
    case 'print':
      return { name: 'print' }
    case 'pick':
      return { name: 'pick' }
    case 'receive':
    case 'qc':
    case 'defects':
    case 'count':
      return { name: parts[0] }
    case 'exceptions':
      return parts[1] ? { name: 'exceptions', id: decodeURIComponent(parts.slice(1).join('/')) } : { name: 'exceptions' }
    case 'route':
      return { name: 'route' }
    case 'deliver':
      return parts[1] ? { name: 'deliver', eid: decodeURIComponent(parts.slice(1).join('/')) } : { name: 'route' }
    case 'crates':
      return { name: 'crates' }
    case 'ship':
      return { name: 'ship' }
    default:
      return { name: 'home' }
  }
}

export function hrefOf(r: Route): string {
  switch (r.name) {
    case 'home':
      return '#/'
    case 'orders':
      return r.filter ? `#/orders?filter=${encodeURIComponent(r.filter)}` : '#/orders'
    case 'order':
      return `#/order/${encodeURIComponent(r.eid)}`
    case 'exceptions':
      return r.id ? `#/exceptions/${encodeURIComponent(r.id)}` : '#/exceptions'
    case 'deliver':
      return `#/deliver/${encodeURIComponent(r.eid)}`
    default:
      return `#/${r.name}`
  }
}

export function go(r: Route) {
  const href = hrefOf(r)
  if (location.hash !== href) location.hash = href
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(globalThis.location?.hash ?? ''))
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return route
}
