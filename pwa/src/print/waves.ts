// Waves as the print view knows them: from local state (each order carries its wave code),
// named and timed from the cached wave list when there is one, else from the code and the op log.
import { post } from '../http/client'
import type { Op } from '../sync'
import type { Snapshot } from '../state'
import { printStamp } from './labels'

/** server/waves/schemas.py WaveOut */
export interface WaveOut {
  code: string
  name: string
  day: string
  slot: string | null
  cutoff: string
  started_at: string
  started_by: string
  order_count: number
  special_count: number
  pick_list: string
  sort_list: string
}

/** server/waves/schemas.py HandoffOut */
export interface HandoffOut {
  wave: string
  document: string
  handed_by: string
  received_by: string
  order_count: number
  signed_at: string
}

export const wavesUrl = () => '/api/waves'
export const printRefsUrl = () => '/api/waves/print-reference'
export const handoffsUrl = (code: string) => `/api/waves/${encodeURIComponent(code)}/handoffs`

/** What the lists print in their heading (server: wave_out + the wave's started_at). */
export interface WaveMeta {
  code: string
  name: string
  printedAt: string
  startedBy: string
}

const CODE = /-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(?:(\d{2})-D)?$/

/** server/waves/schedule.py wave_name from the code alone: "11月23日 16:00 批次". */
export function nameFromCode(code: string): string {
  const m = CODE.exec(code)
  if (!m) return code
  const [, , mo, d, hh, mm, ss] = m
  const when = ss === undefined ? `${hh}:${mm}` : `${hh}:${mm} 临时`
  return `${Number(mo)}月${Number(d)}日 ${when} 批次`
}

/** Sortable start of a wave from its code (YYYYMMDDHHMMSS), newest waves first in lists. */
const codeKey = (code: string) => {
  const m = CODE.exec(code)
  return m ? `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6] ?? '00'}` : ''
}

/** Every wave some local order belongs to, newest first, with how many local orders it holds. */
export function localWaves(s: Snapshot): [code: string, orders: number][] {
  const sizes = new Map<string, number>()
  for (const o of Object.values(s.orders)) {
    const w = o.fields.wave
    if (typeof w === 'string' && w) sizes.set(w, (sizes.get(w) ?? 0) + 1)
  }
  return [...sizes].sort(([a], [b]) => codeKey(b).localeCompare(codeKey(a)) || b.localeCompare(a))
}

/** Name, print time and printer of a wave: the cached list wins; offline and uncached, the
 * op that put the first order into the wave says when and who (the server wrote it at start). */
export function waveMeta(code: string, cached: WaveOut[] | undefined, ops: Iterable<Op>, timezone: string | undefined): WaveMeta {
  const hit = cached?.find((w) => w.code === code)
  if (hit) return { code, name: hit.name, printedAt: printStamp(timezone, new Date(hit.started_at)), startedBy: hit.started_by }
  let first: Op | undefined
  for (const op of ops) {
    if (op.kind === 'order.set_field' && op.payload.field === 'wave' && op.payload.value === code && (!first || op.wall < first.wall)) first = op
  }
  return {
    code,
    name: nameFromCode(code),
    printedAt: first ? printStamp(timezone, new Date(first.wall)) : '',
    startedBy: first?.actor ?? '',
  }
}

/** Start a wave now (on demand): every printable order received until now. Online only. */
export const startWave = (token: string) => post<WaveOut>(wavesUrl(), {}, { token })
