import { useEffect, useMemo, useState } from 'preact/hooks'
import '../ship.css'
import { feedback } from '../feedback'
import { useI18n, type T } from '../i18n'
import type { NewOp } from '../outbox/store'
import { useShipSettings } from '../shipSettings'
import { useLocalData, type OrderEntry } from '../state'
import { may, rules, shipping } from '../sync'
import { recordOp } from '../syncclient/hub'
import { formatTime } from '../time'

// 木箱 and 托运部: crate orders go to the crate packer (a scan here, a confirmation on the
// packer's phone), come back by the next handoff slot or show as overdue; a courier who
// arrives before the crate is back flags it "courier waiting"; freight-depot orders go to
// the freight driver. Every state and deadline is the core's (sync/shipping); this screen
// only records ops (offline like any other) and shows what the local replica folded.

const remember = (key: string, v: string) => {
  try {
    localStorage.setItem(key, v)
  } catch {
    /* not remembered */
  }
}
const recall = (key: string) => {
  try {
    return localStorage.getItem(key) ?? ''
  } catch {
    return ''
  }
}

function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(id)
  }, [ms])
  return now
}

const STATE_TONE: Record<shipping.CrateState, string> = {
  none: '', handed: 'tag-warn', signed: 'tag-warn', returned: 'tag-good', overdue: 'tag-alert',
}

export function Crates({ roles }: { device: string; roles: readonly string[] }) {
  const { t, lang } = useI18n()
  const data = useLocalData()
  const settings = useShipSettings()
  const now = useNow(30_000)
  const [code, setCode] = useState('')
  const [packer, setPacker] = useState(() => recall('packline.crate.packer'))
  const [driver, setDriver] = useState(() => recall('packline.freight.driver'))
  const [picked, setPicked] = useState<string | null>(null)
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const entries = useMemo(() => (data ? [...data.view.entries.values()] : []), [data])
  const crates = entries
    .filter((e) => rules.needsCrate(e.order.fields) && (rules.OPEN.has(e.order.status) || e.order.ship?.crate))
    .map((e) => ({ e, state: shipping.crateState(e.order.ship, now), waiting: shipping.courierWaiting(e.order.ship) }))
    .sort((a, b) => Number(b.state === 'overdue') - Number(a.state === 'overdue') || shipping.compareSkus(a.e.no, b.e.no))
  const freight = entries.filter((e) => shipping.isFreight(e.order.fields) && e.order.status !== 'cancelled')
  const overdue = crates.filter((c) => c.state === 'overdue').length
  const waiting = crates.filter((c) => c.waiting).length
  const carriers = [...new Set(crates.filter((c) => c.state !== 'returned').map((c) => rules.carrierKey(c.e.order.fields)))].sort()
  const selected = crates.find((c) => c.e.eid === picked)

  const record = async (ops: NewOp[], text: string) => {
    try {
      for (const op of ops) await recordOp(op)
      feedback(true)
      setMsg({ ok: true, text })
      setPicked(null)
    } catch (e) {
      feedback(false)
      setMsg({ ok: false, text: e instanceof Error ? e.message : String(e) })
    }
  }
  const op = (kind: string, eid: string, payload: NewOp['payload'] = {}): NewOp => ({ kind, etype: 'order', eid, payload })
  const done = (e: OrderEntry) => t('crate.recorded', { order: e.no })

  const handoff = (e: OrderEntry) => {
    if (!packer.trim()) return setMsg({ ok: false, text: t('crate.needPacker') })
    remember('packline.crate.packer', packer.trim())
    const due = shipping.crateDue(settings.crateSlots, Date.now(), settings.offsetMin)
    void record([op('crate.handoff', e.eid, { packer: packer.trim(), due })], done(e))
  }
  const onScan = (ev: Event) => {
    ev.preventDefault()
    const norm = rules.normaliseTracking(code)
    setCode('')
    if (!norm || !data) return
    const eid = data.view.labels.get(norm) ?? entries.find((x) => rules.normaliseTracking(x.no) === norm)?.eid
    const hit = crates.find((c) => c.e.eid === eid)
    if (!hit) {
      feedback(false)
      setMsg({ ok: false, text: t('crate.notCrate', { order: norm }) })
      setPicked(null)
      return
    }
    feedback(true)
    setMsg(null)
    setPicked(hit.e.eid)
  }
  const courierHere = (carrier: string) => {
    const eids = shipping.waitingOn(entries.map((e) => ({ ...e.order, eid: e.eid })), carrier)
    void record(eids.map((eid) => op('crate.wait', eid, { carrier })), t('crate.flagged', { n: eids.length }))
  }

  return (
    <div class="crate-screen" data-testid="crates-screen">
      <section class="card crate-card">
        <h2>{t('crate.title')}</h2>
        <p class="muted small">{t('crate.slots', { slots: settings.crateSlots.join(' · ') })}</p>
        <p>
          <span class={`tag ${overdue ? 'tag-alert' : ''}`} data-testid="crate-overdue" data-n={overdue}>{t('crate.overdueCount', { n: overdue })}</span>{' '}
          <span class={`tag ${waiting ? 'tag-warn' : ''}`} data-testid="crate-waiting" data-n={waiting}>{t('crate.waitingCount', { n: waiting })}</span>
        </p>
        <form onSubmit={onScan}>
          <label class="field-label" for="crate-scan">{t('crate.scanLabel')}</label>
          <input id="crate-scan" class="big-input" data-testid="crate-scan" value={code} autocomplete="off" maxLength={64}
            placeholder={t('crate.scanHint')}
            onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
        </form>
        {may(roles, 'crate.handoff') && (
          <label class="setting">
            <span>{t('crate.packer')}</span>
            <input class="ship-count-input" data-testid="crate-packer" value={packer} maxLength={32}
              onInput={(e) => setPacker((e.target as HTMLInputElement).value)} />
          </label>
        )}
        {msg && <p class={msg.ok ? 'form-ok' : 'form-error'} role="alert" data-testid="crate-msg">{msg.text}</p>}
        {selected && (
          <div class="crate-actions" data-testid="crate-selected" data-eid={selected.e.eid}>
            <strong>{selected.e.no}</strong>
            {may(roles, 'crate.handoff') && (selected.state === 'none' || selected.state === 'returned') && (
              <button type="button" class="btn btn-ok" data-testid="crate-handoff" onClick={() => handoff(selected.e)}>{t('crate.handoff')}</button>
            )}
            {may(roles, 'crate.sign') && (selected.state === 'handed' || (selected.state === 'none' && !may(roles, 'crate.handoff'))) && (
              <button type="button" class="btn btn-ok" data-testid="crate-sign"
                onClick={() => void record([op('crate.sign', selected.e.eid)], done(selected.e))}>{t('crate.sign')}</button>
            )}
            {may(roles, 'crate.return') && ['handed', 'signed', 'overdue'].includes(selected.state) && (
              <button type="button" class="btn btn-small" data-testid="crate-return"
                onClick={() => void record([op('crate.return', selected.e.eid)], done(selected.e))}>{t('crate.return')}</button>
            )}
          </div>
        )}
      </section>

      {may(roles, 'crate.wait') && carriers.length > 0 && (
        <section class="card crate-card">
          <h2>{t('crate.courierHere')}</h2>
          <div class="ship-carriers">
            {carriers.map((c) => (
              <button type="button" key={c} class="chip" data-testid="courier-here" data-carrier={c} onClick={() => courierHere(c)}>{c || '—'}</button>
            ))}
          </div>
        </section>
      )}

      <Freight t={t} entries={freight} driver={driver} canHand={may(roles, 'freight.handoff')}
        setDriver={(v) => setDriver(v)}
        onHand={(e) => {
          if (!driver.trim()) return
          remember('packline.freight.driver', driver.trim())
          void record([op('freight.handoff', e.eid, { driver: driver.trim() })], done(e))
        }} />
      <section class="card crate-card">
        {crates.length === 0 ? <p class="muted">{t('crate.none')}</p> : (
          <ul class="crate-list">
            {crates.map(({ e, state, waiting: w }) => (
              <li key={e.eid} class="crate-row" data-testid="crate-row" data-eid={e.eid} data-state={state} data-waiting={String(w)}>
                <span>
                  <button type="button" class="linklike mono" onClick={() => setPicked(e.eid)}>{e.no}</button>
                  <span class="row-sub"> · {rules.carrierKey(e.order.fields) || '—'}</span>
                  {e.order.ship?.crate?.handoff && state !== 'returned' && (
                    <span class="row-sub"> · {t('crate.due', { time: formatTime(e.order.ship.crate.handoff.due as number, lang, now) })}</span>
                  )}
                </span>
                <span>
                  {w && <span class="tag tag-warn">{t('crate.waiting')}</span>}{' '}
                  <span class={`tag ${STATE_TONE[state]}`}>{t(`crate.state.${state}`)}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

    </div>
  )
}

function Freight({ t, entries, driver, setDriver, canHand, onHand }: {
  t: T; entries: OrderEntry[]; driver: string; setDriver: (v: string) => void; canHand: boolean; onHand: (e: OrderEntry) => void
}) {
  return (
    <section class="card crate-card">
      <h2>{t('freight.title')}</h2>
      {canHand && (
        <label class="setting">
          <span>{t('freight.driver')}</span>
          <input class="ship-count-input" data-testid="freight-driver" value={driver} maxLength={32}
            onInput={(e) => setDriver((e.target as HTMLInputElement).value)} />
        </label>
      )}
      {entries.length === 0 ? <p class="muted">{t('freight.none')}</p> : (
        <ul class="crate-list">
          {entries.map((e) => {
            const handed = e.order.ship?.freight
            return (
              <li key={e.eid} class="crate-row" data-testid="freight-row" data-eid={e.eid} data-handed={String(!!handed)}>
                <span class="mono">{e.no}</span>
                {handed ? <span class="tag tag-good">{t('freight.handed', { driver: String(handed.driver) })}</span>
                  : canHand && <button type="button" class="btn btn-small" data-testid="freight-handoff" disabled={!driver.trim()} onClick={() => onHand(e)}>{t('freight.handoff')}</button>}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
