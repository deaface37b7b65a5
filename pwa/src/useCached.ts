import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { get } from './http/client'
import { getCached, putCached } from './cache'

export interface CachedState<T> {
  data: T | undefined
  updatedAt: number | undefined
  /** true while a network refresh is in flight */
  refreshing: boolean
  /** last network error, cleared on success */
  error: unknown
  /** true once the cache lookup finished, so "no data" can be told from "not looked yet" */
  cacheChecked: boolean
}

/**
 * Cache-first, then network: render what IndexedDB has at once, then refresh.
 * Refetches whenever the browser reports it is back online.
 */
export function useCached<T>(url: string | null, token?: string): CachedState<T> & { refresh: () => void } {
  const [state, setState] = useState<CachedState<T>>({
    data: undefined, updatedAt: undefined, refreshing: false, error: undefined, cacheChecked: false,
  })
  const urlRef = useRef(url)
  urlRef.current = url
  const tokenRef = useRef(token)
  tokenRef.current = token

  const refresh = useCallback(async () => {
    const u = urlRef.current
    if (!u) return
    setState((s) => ({ ...s, refreshing: true }))
    try {
      const value = await get<T>(u, { token: tokenRef.current })
      const entry = await putCached(u, value)
      if (urlRef.current === u) {
        setState((s) => ({ ...s, data: value, updatedAt: entry.updatedAt, refreshing: false, error: undefined }))
      }
    } catch (error) {
      if (urlRef.current === u) setState((s) => ({ ...s, refreshing: false, error }))
    }
  }, [])

  useEffect(() => {
    if (!url) return
    let live = true
    setState({ data: undefined, updatedAt: undefined, refreshing: false, error: undefined, cacheChecked: false })
    getCached<T>(url).then((hit) => {
      if (!live) return
      setState((s) => ({
        ...s,
        // A network answer that beat the cache read is newer; keep it.
        data: s.data ?? hit?.value,
        updatedAt: s.updatedAt ?? hit?.updatedAt,
        cacheChecked: true,
      }))
    })
    void refresh()
    window.addEventListener('online', refresh)
    return () => {
      live = false
      window.removeEventListener('online', refresh)
    }
  }, [url, refresh])

  return { ...state, refresh }
}
