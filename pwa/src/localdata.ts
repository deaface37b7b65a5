import { useEffect, useState } from 'preact/hooks'
import type { OutboxRecord, RejectedRecord } from './db'
import { allOps, pendingOps, rejectedOps, serverExceptions } from './outbox/store'
import type { Op } from './outbox/types'
import { buildReplica, type ReplicaView, type SyncExceptionRecord } from './replica'
import { useDataVersion } from './syncclient/hooks'

export interface LocalData {
  ops: Op[]
  replica: ReplicaView
  pending: OutboxRecord[]
  rejected: RejectedRecord[]
  /** exceptions the server sent with the bootstrap (may involve ops compacted away locally) */
  serverExceptions: SyncExceptionRecord[]
}

export async function readLocal(): Promise<LocalData> {
  const [ops, pending, rejected, server] = await Promise.all([allOps(), pendingOps(), rejectedOps(), serverExceptions()])
  return { ops, replica: buildReplica(ops), pending, rejected, serverExceptions: server as SyncExceptionRecord[] }
}

/** Re-read IndexedDB whenever ops change here or in another tab. */
export function useLocalData(): LocalData | undefined {
  const v = useDataVersion()
  const [data, setData] = useState<LocalData>()
  useEffect(() => {
    let live = true
    readLocal().then((d) => live && setData(d)).catch(() => {})
    return () => {
      live = false
    }
  }, [v])
  return data
}
