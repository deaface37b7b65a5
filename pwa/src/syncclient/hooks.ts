import { useEffect, useState } from 'preact/hooks'
import { dataVersion, subscribeSync, syncStatus } from './hub'
import type { SyncStatus } from './engine'

/** Sync indicator state; re-renders on every change. */
export function useSyncState(): SyncStatus {
  const [s, setS] = useState(syncStatus)
  useEffect(() => subscribeSync(() => setS(syncStatus())), [])
  return s
}

/** A number that changes whenever local ops change (here or in another tab): re-read IndexedDB. */
export function useDataVersion(): number {
  const [v, setV] = useState(dataVersion)
  useEffect(() => subscribeSync(() => setV(dataVersion())), [])
  return v
}
