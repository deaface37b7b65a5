import { useMemo, useState } from 'preact/hooks'
import { useI18n, type MessageKey } from '../i18n'
import { picking, rules } from '../sync'
import { go } from '../router'
import { opStates, useLocalData, type OrderEntry, type OrderSnapshot } from '../state'
import { excKindLabel, field, flagText, opKindLabel, statusLabel } from '../components/labels'
import { OrderMarks } from '../components/OrderSummary'
import { OpPills } from '../components/OpPills'
import { formatTime } from '../time'
import { NoData } from '../components/StateView'
import { getAuth } from '../authstate'
import { phoneVisible, shownPhone } from '../sync/privacy'

/** The signed-in user's roles: the phone rule (sync/privacy.ts) is theirs. */
const myRoles = (): string[] => { const a = getAuth(); return a.phase === 'ready' ? a.session.me.roles : [] }

type Filter = 'open' | 'toPrint' | 'toShip' | 'shipped' | 'held' | 'shortage' | 'all'
const FILTERS: { id: Filter; label: MessageKey; test: (o: OrderSnapshot) => boolean }[] = [
  { id: 'toShip', label: 'orders.toShip', test: rules.isToShip },
  { id: 'toPrint', label: 'orders.toPrint', test: rules.printable },
  { id: 'held', label: 'orders.held', test: rules.isHeld },
  { id: 'shortage', label: 'orders.shortage', test: picking.inShortageBasket },
  { id: 'shipped', label: 'orders.shipped', test: (o) => rules.GONE.has(o.status) },
  { id: 'open', label: 'orders.open', test: rules.isOpen },
  { id: 'all', label: 'orders.all', test: () => true },
]
const PAGE = 60

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
    return [...data.view.entries.values()]
      .filter((e) => f.test(e.order))
      .filter((e) => {
        if (!needle) return true
        // a masked number is searchable only by what the user may see of it
        const phone = phoneVisible(myRoles()) ? e.address.recipient_phone : ''
        const hay = [e.eid, e.no, e.address.recipient_name, phone, ...Object.keys(e.order.labels)]
        return hay.some((h) => h.toUpperCase().includes(needle))
      })
      // Oldest first: orders ship within 24 hours, so the oldest is the most urgent.
      .sort((x, y) => x.receivedAt.localeCompare(y.receivedAt) || x.eid.localeCompare(y.eid))
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
        {rows.slice(0, limit).map((e) => <OrderRow key={e.eid} e={e} />)}
      </ul>
      {rows.length > limit && (
        <button type="button" class="btn btn-small btn-block" onClick={() => setLimit(limit + PAGE)}>{t('orders.more')}</button>
      )}
      {rows.length === 0 && <p class="state">{t('orders.none')}</p>}
    </div>
  )
}

/** One order in the list: the same entry (view/order.ts) the order page and scan banner show. */
function OrderRow({ e }: { e: OrderEntry }) {
  const { t } = useI18n()
  const o = e.order
  const tracking = e.liveLabel // a voided label is history: the order page lists it
  return (
    <li>
      <button type="button" class="row" data-testid="order-row" data-eid={e.eid} data-status={o.status} data-tracking={tracking}
        data-hold={String(o.hold)} data-flag={e.flag?.key ?? ''} data-address={e.fullAddress} onClick={() => go({ name: 'order', eid: e.eid })}>
        <span class="row-main">
          <span class="row-title">{e.no}</span>
          <span class="row-sub">{[field(o, 'carrier'), e.address.recipient_name, e.address.city].filter(Boolean).join(' · ')}</span>
          {tracking && <span class="row-sub mono">{tracking}</span>}
        </span>
        <span class="row-end">
          <span class={`pill pill-status-${o.status}`}>{statusLabel(t, o.status)}</span>
          <OrderMarks e={e} special={rules.isSpecial(o.fields)} />
        </span>
      </button>
    </li>
  )
}

export function OrderDetail({ eid }: { eid: string }) {
  const { t, lang } = useI18n()
  const data = useLocalData()
  if (!data) return <NoData loading onRetry={() => {}} />
  const entry = data.view.entries.get(eid)
  if (!entry) return <p class="state" data-testid="order-missing">{t('order.missing')}</p>
  const o: OrderSnapshot = entry.order
  const states = opStates(data)
  const excs = data.view.exceptions.filter((e) => e.etype === 'order' && e.eid === eid)
  const a = entry.address
  const address = [a.province, a.city, a.district, a.address_detail].filter(Boolean).join(' ')
  return (
    <div class="order" data-testid="order-detail" data-eid={eid}>
      <article class="card">
        <div class="order-head">
          <h2 class="order-no">{entry.no}</h2>
          <span class={`pill pill-status-${o.status} pill-big`} data-testid="order-status" data-status={o.status}>{statusLabel(t, o.status)}</span>
        </div>
        {o.hold && <p class="form-error" data-testid="order-hold">{t('order.onHold')}</p>}
        {entry.flag && (
          <p class="flag-note" data-testid="order-flag" data-flag={entry.flag.key}>{t('order.flagNote', { note: flagText(t, lang, entry.flag) })}</p>
        )}
        {entry.needsReprint && <p class="muted small" data-testid="order-needs-reprint">{t('order.needsReprint')}</p>}
        <dl class="kv">
          <dt>{t('order.recipient')}</dt><dd data-testid="order-recipient">{a.recipient_name} {shownPhone(myRoles(), a.recipient_phone ?? '')}</dd>
          <dt>{t('order.address')}</dt><dd data-testid="order-address" data-address={entry.fullAddress}>{address || '—'}</dd>
          <dt>{t('order.carrier')}</dt><dd>{field(o, 'carrier') || '—'}</dd>
          {field(o, 'special_request') && (<><dt>{t('order.special')}</dt><dd class="flag">{field(o, 'special_request')}</dd></>)}
          {o.fields.needs_crate === true && (<><dt>{t('order.crate')}</dt><dd class="flag">{t('order.crateYes')}</dd></>)}
          {picking.inShortageBasket(o) && (
            <><dt>{t('orders.shortage')}</dt><dd class="flag" data-testid="order-shortage">
              {Object.entries(o.shortage ?? {}).map(([sku, n]) => t('order.shortOf', { sku, n })).join('；')}
            </dd></>
          )}
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
