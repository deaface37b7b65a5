import { db } from '../db'
import { partition, maskedPayload } from '../sync/privacy'
import { CURSOR_KEY, OPS_EPOCH_KEY, PARTITION_KEY, SERVER_EXCEPTIONS_KEY } from './store'

// A shared handheld keeps one local op set, pulled for one partition (sync/privacy.ts):
// a courier's route, the warehouse with masked phones, or the warehouse with full phones.
// When someone else signs in, the data must follow *their* scope, online or not:
//
//  - a courier must never see data beyond their route: pulled ops are dropped at once
//    (their own outbox and this device's ops stay), and their route is bootstrapped online;
//  - a floor role must never see a full phone number: pulled ops are masked in place,
//    exactly as the server would have sent them, so nothing needs fetching again;
//  - anyone whose partition is wider than what the device holds (a manager after a
//    courier) keeps what is there and gets a fresh bootstrap at the next sync (the engine
//    compares the partition on every pull), instead of pulling on from a courier's cursor
//    and seeing "0 orders" forever.
//
// Only pulled ('remote') ops are touched: ops made here may still be waiting to be pushed.

/** What changed: `dropped` pulled data, `masked` phones, or nothing to do now. */
export type ScopeChange = 'same' | 'dropped' | 'masked' | 'stale'

export async function enterScope(roles: readonly string[], employeeCode: string): Promise<ScopeChange> {
  const want = partition(roles, employeeCode)
  const d = await db()
  const tx = d.transaction(['ops', 'meta'], 'readwrite')
  const meta = tx.objectStore('meta')
  const store = tx.objectStore('ops')
  const have = (await meta.get(PARTITION_KEY)) as string | undefined
  let change: ScopeChange = 'same'
  if (have !== want) {
    if (want.startsWith('route:')) {
      let c = await store.index('bySrc').openCursor('remote')
      while (c) {
        await c.delete()
        c = await c.continue()
      }
      await meta.put([], SERVER_EXCEPTIONS_KEY)
      await meta.delete(CURSOR_KEY) // the next pull bootstraps this courier's route
      await meta.put(want, PARTITION_KEY) // empty, but theirs: nothing else may show
      change = 'dropped'
    } else if (want === 'warehouse:masked' && !have?.startsWith('route:') && have !== 'warehouse:masked') {
      let c = await store.index('bySrc').openCursor('remote')
      while (c) {
        const payload = maskedPayload(c.value.op.kind, c.value.op.payload as Record<string, unknown>)
        if (payload) await c.update({ ...c.value, op: { ...c.value.op, payload } as typeof c.value.op })
        c = await c.continue()
      }
      // the same ops the server sends this partition; unknown before: bootstrap to be sure
      if (have === 'warehouse') await meta.put(want, PARTITION_KEY)
      change = 'masked'
    } else change = 'stale'
    if (change !== 'stale') await meta.put((((await meta.get(OPS_EPOCH_KEY)) as number | undefined) ?? 0) + 1, OPS_EPOCH_KEY)
  }
  await tx.done
  return change
}

/** The partition the device's pulled data belongs to (undefined: never bootstrapped). */
export async function heldPartition(): Promise<string | undefined> {
  return (await (await db()).get('meta', PARTITION_KEY)) as string | undefined
}
