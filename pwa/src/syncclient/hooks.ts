import { useEffect, useState } from 'preact/hooks'
import { dataVersion, subscribeData, subscribeStatus, syncStatus } from './hub'
import type { SyncStatus } from './engine'

/** Sync indicator state; re-renders on every status change. */
export function useSyncState(): SyncStatus {
  const [s, setS] = useState(syncStatus)
  useEffect(() => subscribeStatus(() => setS(syncStatus())), [])
  return s
}

/** A number that changes whenever local ops change (here or in another tab): re-read IndexedDB. */
export function useDataVersion(): number {
  const [v, setV] = useState(dataVersion)
  useEffect(() => subscribeData(() => setV(dataVersion())), [])
  return v
}
