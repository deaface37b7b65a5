import type { Overview } from '../api'
import { useI18n } from '../i18n'
import { clockIn, type Section } from '../roles'
import { rules } from '../sync'

/** Renders one role-section card from the overview payload. */
export function SectionCard({ section, overview, now }: { section: Section; overview: Overview; now?: Date }) {
  const { t } = useI18n()
  switch (section.kind) {
    case 'stats':
      return (
        <article class="card">
          <h2>{t(section.title)}</h2>
          <dl class="stats">
            {section.stats.map((s) => (
              <div class={`stat tone-${s.tone ?? 'normal'}`} data-stat={s.label}>
                <dt>{t(s.label)}</dt>
                <dd>{s.value(overview) ?? '—'}</dd>
              </div>
            ))}
          </dl>
        </article>
      )
    case 'carriers': {
      const rows = [...overview.orders.by_carrier].sort((a, b) => b.count - a.count)
      const max = Math.max(1, ...rows.map((r) => r.count))
      return (
        <article class="card">
          <h2>{t(section.title)}</h2>
          {rows.length === 0 ? (
            <p class="muted">{t('card.byCarrier.empty')}</p>
          ) : (
            <ul class="carriers">
              {rows.map((r) => (
                <li key={r.carrier}>
                  <span class="carrier-name">{r.carrier || '—'}</span>
                  <span class="carrier-bar" style={{ width: `${(r.count / max) * 100}%` }} aria-hidden="true" />
                  <span class="carrier-count">{t(section.unit, { n: r.count })}</span>
                </li>
              ))}
            </ul>
          )}
        </article>
      )
    }
    case 'schedule': {
      // The times are the warehouse's (server data, cached); the rule is the core's.
      const times = [...(overview.warehouse[section.slots] ?? [])].sort()
      if (times.length === 0) return null
      const clock = clockIn(overview.warehouse.timezone, now)
      const next = rules.nextSlot(times, clock)
      return (
        <article class="card">
          <h2>{t(section.title)}</h2>
          <ol class="slots">
            {times.map((time) => (
              <li class={time === next ? 'slot-next' : time < clock ? 'slot-past' : ''}>{time}</li>
            ))}
          </ol>
          <p class="muted">{next ? t(section.next, { time: next }) : t(section.done)}</p>
        </article>
      )
    }
  }
}
