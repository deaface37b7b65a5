// The evidence queue: photos and signatures wait here (IndexedDB) until the server has them.
// Its own database, apart from the op outbox (db.ts), so a 300 KB photo never blocks or
// bloats the small ops, and a delivery shows "evidence pending" until its uploads are done.
// Uploads resume (server/evidence/controllers.py): POST says where the server stands, PUT
// sends chunks at that offset, a 409 names the resume point. Each upload has the phone's
// own `uid`, so a retry after a lost answer never stores a second copy.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import { call } from '../http/client'
import { HttpError } from '../http/errors'

export const CHUNK = 256 * 1024

export interface EvidenceMeta {
  keep_time: boolean
  keep_place: boolean
  captured_at?: string
  latitude?: number
  longitude?: number
}

export interface EvidenceItem {
  uid: string
  eid: string
  kind: 'photo' | 'signature'
  /** the image; dropped once the server has it */
  bytes: ArrayBuffer | null
  sha256: string
  size: number
  /** bytes the server has confirmed (progress, and where to resume) */
  received: number
  meta: EvidenceMeta
  state: 'pending' | 'done' | 'refused'
  error?: string
  createdAt: number
}

interface EvidenceDB extends DBSchema {
  items: { key: string; value: EvidenceItem; indexes: { byEid: string } }
}

let handle: Promise<IDBPDatabase<EvidenceDB>> | null = null
const evidenceDb = () =>
  (handle ??= openDB<EvidenceDB>('packline-evidence', 1, {
    upgrade(d) {
      d.createObjectStore('items', { keyPath: 'uid' }).createIndex('byEid', 'eid')
    },
  }))

export async function closeEvidenceDb(): Promise<void> {
  if (handle) (await handle).close()
  handle = null
}

const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('')

/** Keep the image on the phone (durably) and queue its upload; returns its uid. */
export async function enqueue(eid: string, kind: 'photo' | 'signature', bytes: ArrayBuffer, meta: EvidenceMeta, now = Date.now()): Promise<string> {
  const uid = `ev-${crypto.randomUUID().replace(/-/g, '')}`
  const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes))
  const item: EvidenceItem = { uid, eid, kind, bytes, sha256, size: bytes.byteLength, received: 0, meta, state: 'pending', createdAt: now }
  const d = await evidenceDb()
  const tx = d.transaction('items', 'readwrite', { durability: 'strict' })
  await tx.store.put(item)
  await tx.done
  return uid
}

export async function itemsFor(eid: string): Promise<EvidenceItem[]> {
  return (await evidenceDb()).getAllFromIndex('items', 'byEid', eid)
}

/** Uids of the order's evidence the server does not have yet ("evidence pending"). */
export async function pendingFor(eid: string): Promise<string[]> {
  return (await itemsFor(eid)).filter((i) => i.state === 'pending').map((i) => i.uid)
}

export async function pendingItems(): Promise<EvidenceItem[]> {
  return (await (await evidenceDb()).getAll('items')).filter((i) => i.state === 'pending').sort((a, b) => a.createdAt - b.createdAt)
}

async function save(item: EvidenceItem): Promise<void> {
  await (await evidenceDb()).put('items', item)
}

interface UploadState {
  received: number
  done: boolean
}

const permanent = (e: unknown) => e instanceof HttpError && e.kind === 'permanent'

/** Upload one item as far as the link allows: 'done', 'refused' (a 4xx: kept, shown, never
 * retried) or 'retry' (network or server trouble: the next run resumes at the server's offset). */
export async function uploadOne(item: EvidenceItem, token: string, f: typeof fetch = (...a) => globalThis.fetch(...a)): Promise<'done' | 'refused' | 'retry'> {
  const bytes = item.bytes
  if (item.state !== 'pending' || !bytes) return item.state === 'done' ? 'done' : 'refused'
  const finish = async (state: 'done' | 'refused', error?: string) => {
    await save({ ...item, state, bytes: state === 'done' ? null : item.bytes, received: state === 'done' ? item.size : item.received, error })
    return state
  }
  let at: UploadState
  try {
    at = await call<UploadState>('POST', '/api/evidence/uploads', {
      token, fetch: f,
      body: { uid: item.uid, kind: item.kind, size: item.size, sha256: item.sha256, eid: item.eid, ...item.meta },
    })
  } catch (e) {
    if (permanent(e)) return finish('refused', (e as Error).message)
    return 'retry'
  }
  while (!at.done) {
    const offset = at.received
    let res: Response
    try {
      res = await f(`/api/evidence/uploads/${item.uid}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Upload-Offset': String(offset), 'Content-Type': 'application/octet-stream' },
        body: bytes.slice(offset, offset + CHUNK),
      })
    } catch {
      return 'retry'
    }
    if (res.status === 409 || res.ok) {
      try {
        at = (await res.json()) as UploadState
      } catch {
        return 'retry'
      }
      item = { ...item, received: at.received }
      await save(item)
      continue
    }
    if (res.status >= 400 && res.status < 500 && ![401, 408, 429].includes(res.status)) {
      const body = (await res.json().catch(() => ({}))) as { detail?: string }
      return finish('refused', body.detail ?? `HTTP ${res.status}`)
    }
    return 'retry'
  }
  return finish('done')
}

/** Upload every pending item, oldest first; stops at the first 'retry' (the link is bad). */
export async function uploadAll(token: string, f?: typeof fetch): Promise<{ done: number; refused: number; left: number }> {
  const out = { done: 0, refused: 0, left: 0 }
  const items = await pendingItems()
  for (const [i, item] of items.entries()) {
    const got = await uploadOne(item, token, f)
    if (got === 'retry') {
      out.left = items.length - i
      break
    }
    out[got]++
  }
  return out
}
