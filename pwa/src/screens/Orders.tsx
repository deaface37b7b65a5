import { useMemo, useState } from 'preact/hooks'
import { useI18n, type MessageKey } from '../i18n'
import { isSpecial } from '../overview'
import { go } from '../router'
import { opStates, useLocalData, type OrderSnapshot } from '../state'
import { excKindLabel, field, opKindLabel, orderNo, statusLabel } from '../components/labels'
import { OpPills } from '../components/OpPills'
import { formatTime } from '../time'
import { NoData } from '../components/StateView'

type Filter = 'open' | 'toPrint' | 'toShip' | 'shipped' | 'held' | 'all'
const FILTERS: { id: Filter; label: MessageKey; test: (o: OrderSnapshot) => boolean }[] = [
  { id: 'toShip', label: 'orders.toShip', test: (o) => ['printed', 'picked', 'packed'].includes(o.status) && !o.hold },
  { id: 'toPrint', label: 'orders.toPrint', test: (o) => o.status === 'created' && !o.hold },
  { id: 'held', label: 'orders.held', test: (o) => o.hold && o.status !== 'cancelled' && o.status !== 'shipped' && o.status !== 'delivered' },
  { id: 'shipped', label: 'orders.shipped', test: (o) => o.status === 'shipped' || o.status === 'delivered' },
  { id: 'open', label: 'orders.open', test: (o) => ['created', 'printed', 'picked', 'packed'].includes(o.status) },
  { id: 'all', label: 'orders.all', test: () => true },
]
const PAGE = 60

const received = (o: OrderSnapshot) => field(o, 'received_at')

/** The warehouse's orders from the local replica: works offline, updates as ops arrive. */
export function Orders({ filter: initial }: { filter?: string }) {
  const { t } = useI18n()
  const data = useLocalData()
  const [filter, setFilter] = useState<Filter>(() => (FILTERS.some((f) => f.id === initial) ? (initial as Filter) : 'toShip'))
  const [q, setQ] = useState('')
  const [limit, setLimit] = useState(PAGE)

  const rows = useMemo(() => {
    if (!data) return []
    const f = FILTERS.find((x) => x.id === filter)!
    const needle = q.trim().toUpperCase()
    return Object.entries(data.view.snapshot.orders)
      .filter(([, o]) => f.test(o))
      .filter(([eid, o]) => {
        if (!needle) return true
        const hay = [eid, field(o, 'platform_order_no'), field(o, 'recipient_name'), field(o, 'recipient_phone'), ...Object.keys(o.labels)]
        return hay.some((h) => h.toUpperCase().includes(needle))
      })
      // Oldest first: orders ship within 24 hours, so the oldest is the most urgent.
      .sort(([a, x], [b, y]) => received(x).localeCompare(received(y)) || a.localeCompare(b))
  }, [data, filter, q])

  if (!data) return <NoData loading onRetry={() => {}} />
  return (
    <div class="orders" data-testid="orders">
      <div class="chips" role="tablist" aria-label={t('orders.filter')}>
        {FILTERS.map((f) => (
          <button type="button" role="tab" aria-selected={filter === f.id} data-filter={f.id}
            class={`chip ${filter === f.id ? 'chip-on' : ''}`} onClick={() => { setFilter(f.id); setLimit(PAGE) }}>
            {t(f.label)}
          </button>
        ))}
      </div>
      <input class="big-input search" type="search" value={q} placeholder={t('orders.search')} data-testid="orders-search"
        onInput={(e) => { setQ((e.target as HTMLInputElement).value); setLimit(PAGE) }} />
      <p class="muted small" data-testid="orders-count" data-count={rows.length}>{t('orders.count', { n: rows.length })}</p>
      <ul class="rows">
        {rows.slice(0, limit).map(([eid, o]) => {
          const tracking = Object.entries(o.labels).find(([, s]) => s === 'printed')?.[0] ?? Object.keys(o.labels)[0]
          return (
            <li key={eid}>
              <button type="button" class="row" data-testid="order-row" data-eid={eid} data-status={o.status} data-tracking={tracking ?? ''}
                onClick={() => go({ name: 'order', eid })}>
                <span class="row-main">
                  <span class="row-title">{orderNo(eid, o)}</span>
                  <span class="row-sub">
                    {[field(o, 'carrier'), field(o, 'recipient_name'), field(o, 'city')].filter(Boolean).join(' · ')}
                  </span>
                  {tracking && <span class="row-sub mono">{tracking}</span>}
                </span>
                <span class="row-end">
                  <span class={`pill pill-status-${o.status}`}>{statusLabel(t, o.status)}</span>
                  {o.hold && <span class="pill pill-hold">{t('orders.holdMark')}</span>}
                  {isSpecial(o) && <span class="pill pill-special">{t('orders.specialMark')}</span>}
                </span>
              </button>
            </li>
          )
        })}
      </ul>
      {rows.length > limit && (
        <button type="button" class="btn btn-small btn-block" onClick={() => setLimit(limit + PAGE)}>{t('orders.more')}</button>
      )}
      {rows.length === 0 && <p class="state">{t('orders.none')}</p>}
    </div>
  )
}

export function OrderDetail({ eid }: { eid: string }) {
  const { t, lang } = useI18n()
  const data = useLocalData()
  if (!data) return <NoData loading onRetry={() => {}} />
  const o = data.view.snapshot.orders[eid]
  if (!o) return <p class="state" data-testid="order-missing">{t('order.missing')}</p>
  const states = opStates(data)
  const excs = data.view.snapshot.exceptions.filter((e) => e.etype === 'order' && e.eid === eid)
  const address = [field(o, 'province'), field(o, 'city'), field(o, 'district'), field(o, 'address_detail') || field(o, 'address')]
    .filter(Boolean).join(' ')
  return (
    <div class="order" data-testid="order-detail" data-eid={eid}>
      <article class="card">
        <div class="order-head">
          <h2 class="order-no">{orderNo(eid, o)}</h2>
          <span class={`pill pill-status-${o.status} pill-big`} data-testid="order-status" data-status={o.status}>{statusLabel(t, o.status)}</span>
        </div>
        {o.hold && <p class="form-error">{t('order.onHold')}</p>}
        <dl class="kv">
          <dt>{t('order.recipient')}</dt><dd>{field(o, 'recipient_name')} {field(o, 'recipient_phone')}</dd>
          <dt>{t('order.address')}</dt><dd>{address || '—'}</dd>
          <dt>{t('order.carrier')}</dt><dd>{field(o, 'carrier') || '—'}</dd>
          {field(o, 'special_request') && (<><dt>{t('order.special')}</dt><dd class="flag">{field(o, 'special_request')}</dd></>)}
          {o.fields.needs_crate === true && (<><dt>{t('order.crate')}</dt><dd class="flag">{t('order.crateYes')}</dd></>)}
        </dl>
      </article>
      <article class="card">
        <h2>{t('order.labels')}</h2>
        <ul class="rows">
          {Object.entries(o.labels).map(([tr, st]) => (
            <li class="row static" data-testid="order-label" data-tracking={tr} data-state={st}>
              <span class="mono">{tr}</span>
              <span class={`pill ${st === 'voided' ? 'pill-rejected' : 'pill-synced'}`}>{t(st === 'voided' ? 'order.voided' : 'order.printed')}</span>
            </li>
          ))}
          {Object.keys(o.labels).length === 0 && <li class="muted">{t('ledger.none')}</li>}
        </ul>
        {o.lines && (
          <>
            <h2 class="mt">{t('order.lines')}</h2>
            <ul class="rows">
              {Object.entries(o.lines).map(([sku, qty]) => (
                <li class="row static"><span class="mono">{sku}</span><span>× {qty}</span></li>
              ))}
            </ul>
          </>
        )}
      </article>
      <article class="card">
        <h2>{t('order.events')}</h2>
        <ol class="rows" data-testid="order-events" data-count={o.events.length}>
          {o.events.map((id) => {
            const op = data.view.ops.get(id)
            const st = states.get(id) ?? 'synced'
            const exc = data.view.byOp.get(id) ?? []
            return (
              <li class="row static event" data-testid="order-event" data-op={id} data-state={st}>
                <span class="row-main">
                  <span class="row-title">{op ? opKindLabel(t, op.kind) : id}{op?.payload.tracking ? ` · ${String(op.payload.tracking)}` : ''}</span>
                  {op && <span class="row-sub">{t('order.by', { actor: op.actor, device: op.device, time: formatTime(op.wall, lang) })}</span>}
                </span>
                <OpPills state={st} exceptions={exc} />
              </li>
            )
          })}
          {o.events.length === 0 && <li class="muted">{t('ledger.none')}</li>}
        </ol>
      </article>
      {excs.length > 0 && (
        <article class="card card-alert">
          <h2>{t('ledger.exceptions')}</h2>
          <ul class="rows">
            {excs.map((e) => (
              <li class="row static" data-testid="order-exception" data-kind={e.kind}>
                <span class="row-main">
                  <span class="row-title">{excKindLabel(t, e.kind)}</span>
                  {e.facts.map((f) => (
                    <span class="row-sub">{opKindLabel(t, f.kind)} · {f.actor} · {f.device} · {formatTime(f.wall, lang)}</span>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        </article>
      )}
    </div>
  )
}
