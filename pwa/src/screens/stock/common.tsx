// Shared bits of the stock and quality screens (issue 14): this warehouse's stock from the
// local replica, recording an op with feedback, and the working day's bounds. Every rule
// (draw, differences, delisting, uninspected) is the core's (sync/quality.ts).
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { feedback } from '../../feedback'
import type { NewOp } from '../../outbox/store'
import { overviewUrl, type Overview } from '../../api'
import { getAuth } from '../../authstate'
import { useLocalData } from '../../state'
import { quality, type StockView, type ValueMap } from '../../sync'
import { recordOp } from '../../syncclient/hub'
import { useCached } from '../../useCached'

export interface StockProps {
  warehouse: string
  roles: readonly string[]
}

/** This warehouse's stock entities (ids `WH:SKU` and `WH:SKU@LOC`), or undefined while loading. */
export function useStock(warehouse: string): Record<string, StockView> | undefined {
  const data = useLocalData()
  if (!data) return undefined
  const prefix = `${warehouse}:`
  const out: Record<string, StockView> = {}
  for (const [eid, s] of Object.entries(data.view.snapshot.stock)) if (eid.startsWith(prefix)) out[eid] = s
  return out
}

/** The server's per-SKU rows (stock table, shipped orders, catalogue mark), cached for offline. */
interface Catalogue {
  warehouse: string
  rows: quality.SkuRow[]
}

/** Per-SKU rows: the cached catalogue plus what the local ops say (the core's combine_rows). */
export function useSkuRows(stock: Record<string, StockView> | undefined): quality.SkuRow[] {
  const auth = getAuth()
  const catalogue = useCached<Catalogue>('/api/quality/skus', auth.phase === 'ready' ? auth.session.token : undefined)
  return stock ? quality.combineRows(catalogue.data?.rows ?? [], stock) : []
}

/** `WH:SKU` -> `SKU` for display. */
export const bare = (sku: string): string => sku.slice(sku.indexOf(':') + 1)

export function stockOp(kind: string, eid: string, payload: ValueMap): NewOp {
  return { kind, etype: 'stock', eid, payload }
}

/** Record ops one after another (each is on disk before the next); sound + vibration. */
export async function record(...ops: NewOp[]): Promise<string[]> {
  const ids: string[] = []
  try {
    for (const o of ops) {
      const op = await recordOp(o)
      ids.push(`${op.device}:${op.seq}`)
    }
    feedback(true)
  } catch (e) {
    feedback(false)
    throw e
  }
  return ids
}

/** Today in the warehouse's time zone: its date, its start and 18:00 (the receiving
 * cut-off) as epoch ms. The zone comes from the server (cached); a phone's own zone may be
 * wrong. */
export function today(timezone: string, now = new Date()): { start: number; cutoff: number; day: string } {
  let parts: Record<string, number>
  try {
    const fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    })
    parts = Object.fromEntries(fmt.formatToParts(now).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]))
  } catch {
    const d = now
    parts = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() }
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts
  const offset = Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(now.getTime() / 1000) * 1000
  const start = Date.UTC(year, month - 1, day) - offset
  const pad = (n: number) => String(n).padStart(2, '0')
  return { start, cutoff: start + 18 * 3600_000, day: `${year}-${pad(month)}-${pad(day)}` }
}

/** The warehouse's time zone, from the cached overview (Asia/Shanghai until it is known). */
export function useTimezone(warehouse: string): string {
  const auth = getAuth()
  const o = useCached<Overview>(overviewUrl(warehouse), auth.phase === 'ready' ? auth.session.token : undefined)
  return o.data?.warehouse.timezone ?? 'Asia/Shanghai'
}

export function useNotice(): [ComponentChildren, (text: string, ok?: boolean) => void] {
  const [n, setN] = useState<{ text: string; ok: boolean; at: number } | null>(null)
  const el = n && (
    <p class={`stk-notice ${n.ok ? 'ok' : 'bad'}`} role="status" data-testid="stk-notice" key={n.at}>
      {n.text}
    </p>
  )
  return [el, (text, ok = true) => setN({ text, ok, at: Date.now() })]
}
