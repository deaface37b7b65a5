import { useEffect, useState } from 'preact/hooks'
import { dataVersion, subscribeData, subscribeStatus, syncStatus } from './hub'
import type { SyncStatus } from './engine'

/** Sync indicator state; re-renders on every status change. */
export function useSyncState(): SyncStatus {
  const [s, setS] = useState(syncStatus)
  useEffect(() => {
    const unsubscribe = subscribeStatus(() => setS(syncStatus()))
    setS(syncStatus()) // a change between the first render and subscribing is not lost
    return unsubscribe
  }, [])
  return s
}

/** A number that changes whenever local ops change (here or in another tab): re-read IndexedDB. */
export function useDataVersion(): number {
  const [v, setV] = useState(dataVersion)
  useEffect(() => {
    const unsubscribe = subscribeData(() => setV(dataVersion()))
    setV(dataVersion())
    return unsubscribe
  }, [])
  return v
}
