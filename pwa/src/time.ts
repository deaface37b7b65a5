import type { Lang } from './i18n'

/** "14:05" today, "11-23 14:05" on another day, in the phone's own time zone. */
export function formatTime(ms: number, lang: Lang, now = Date.now()): string {
  const d = new Date(ms)
  const sameDay = new Date(now).toDateString() === d.toDateString()
  const opts: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
  return new Intl.DateTimeFormat(lang, opts).format(d)
}
