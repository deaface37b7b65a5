import { useEffect, useMemo, useState } from 'preact/hooks'
import '../ship.css'
import { encode } from '../barcode'
import { symbolSvg } from '../barcode/svg'
import { feedback } from '../feedback'
import { useI18n, type T } from '../i18n'
import type { NewOp } from '../outbox/store'
import { useShipSettings } from '../shipSettings'
import { useLocalData, type LocalData } from '../state'
import { may, rules, shipping } from '../sync'
import { recordOp } from '../syncclient/hub'

// 批量发货: per carrier, the parcels scanned out; the batch goes only when the parcels counted
// equal the parcels scanned (shipping.batchCheck); orders labelled but not scanned fail to
// ship (batch.missed: an exception, customer service told). The courier confirms pickup by
// scanning the manifest QR shown here, or by counting on their own device. Below: the day's
// 发货包裹数 per carrier with every difference down to the order. Rules are the core's.

type Orders = shipping.ShipOrder[]
const op = (kind: string, eid: string, payload: NewOp['payload']): NewOp => ({ kind, etype: 'order', eid, payload })

async function recordAll(ops: NewOp[]): Promise<void> {
  for (const o of ops) await recordOp(o)
}

function ordersOf(data: LocalData | undefined): Orders {
  if (!data) return []
  return Object.entries(data.view.snapshot.orders).map(([eid, o]) => ({ ...o, eid }))
}

export function Ship({ device, roles }: { device: string; roles: readonly string[] }) {
  const { t } = useI18n()
  const data = useLocalData()
  const orders = useMemo(() => ordersOf(data), [data])
  const shipper = may(roles, 'batch.ship')
  return (
    <div class="ship-screen" data-testid="ship-screen">
      {shipper && <Batch t={t} data={data} orders={orders} device={device} />}
      {may(roles, 'pickup.confirm') && <Pickup t={t} orders={orders} />}
      <Reconcile t={t} data={data} orders={orders} />
    </div>
  )
}

function Batch({ t, data, orders, device }: { t: T; data?: LocalData; orders: Orders; device: string }) {
  const carriers = useMemo(() => {
    const set = new Set<string>()
    for (const o of orders) if (rules.TO_SHIP.has(o.status) || (o.status === 'shipped' && !o.ship?.batch)) set.add(rules.carrierKey(o.fields))
    return [...set].sort(shipping.compareSkus)
  }, [orders])
  const [carrier, setCarrier] = useState<string | null>(null)
  const [count, setCount] = useState('')
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const [sent, setSent] = useState<{ batch: string; carrier: string; eids: string[] } | null>(null)
  const c = carrier ?? carriers[0] ?? null
  const parcels = c === null ? { scanned: [], missing: [] } : shipping.batchParcels(orders, c)
  const no = (eid: string) => data?.view.entries.get(eid)?.no ?? eid

  const confirm = async (ev: Event) => {
    ev.preventDefault()
    if (c === null) return
    const counted = Number.parseInt(count, 10)
    const verdict = shipping.batchCheck(parcels.scanned.length, Number.isFinite(counted) ? counted : -1)
    if (verdict !== 'ok') {
      feedback(false)
      setMsg({ ok: false, text: verdict === 'empty' ? t('ship.empty') : t('ship.mismatch', { counted: count || '0', scanned: parcels.scanned.length }) })
      return
    }
    // short enough to read out; unique per device (its last characters) and moment
    const batch = `B${Date.now().toString(36)}${device.slice(-4)}`.toUpperCase()
    const n = parcels.scanned.length
    // a courier at the door while a crate of this carrier is not back: flag it
    const waiting = shipping.waitingOn(orders, c)
    try {
      await recordAll([
        ...parcels.scanned.map((eid) => op('batch.ship', eid, { batch, carrier: c, count: n })),
        ...parcels.missing.map((eid) => op('batch.missed', eid, { batch, carrier: c })),
        ...waiting.map((eid) => op('crate.wait', eid, { carrier: c })),
      ])
      feedback(true)
      const notes = [t('ship.confirmed', { n, batch })]
      if (parcels.missing.length) notes.push(t('ship.missedNote', { n: parcels.missing.length }))
      setMsg({ ok: true, text: notes.join(' ') })
      setSent({ batch, carrier: c, eids: parcels.scanned })
      setCount('')
    } catch (e) {
      feedback(false)
      setMsg({ ok: false, text: e instanceof Error ? e.message : String(e) })
    }
  }
  const confirmedBy = sent ? orders.filter((o) => o.ship?.batch?.batch === sent.batch && o.ship.pickup !== undefined).length : 0

  return (
    <section class="card ship-card" data-testid="batch">
      <h2>{t('action.ship')}</h2>
      <div class="ship-carriers" role="tablist" aria-label={t('ship.carrier')}>
        {carriers.map((x) => (
          <button type="button" key={x} role="tab" aria-selected={x === c} class={`chip ${x === c ? 'chip-on' : ''}`}
            data-testid="ship-carrier" data-carrier={x} onClick={() => { setCarrier(x); setMsg(null) }}>{x || t('ship.none')}</button>
        ))}
      </div>
      <div class="ship-counts">
        <div><b data-testid="ship-scanned">{parcels.scanned.length}</b>{t('ship.scanned')}</div>
        <div><b data-testid="ship-missing" class={parcels.missing.length ? 'recon-diff' : ''}>{parcels.missing.length}</b>{t('ship.missing')}</div>
      </div>
      <ul class="ship-list">
        {parcels.scanned.slice(0, 50).map((eid) => (
          <li key={eid} class="ship-row" data-testid="ship-parcel" data-eid={eid}>
            <span class="mono">{no(eid)}</span>
            <span class="row-sub">{Object.keys(orders.find((o) => o.eid === eid)?.ship?.scanned ?? {}).join(' ')}</span>
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void confirm(e)}>
        <label class="field-label" for="ship-count">{t('ship.count')}</label>
        <input id="ship-count" class="ship-count-input" data-testid="ship-count" type="number" inputMode="numeric" min={0} max={9999}
          value={count} onInput={(e) => setCount((e.target as HTMLInputElement).value)} />
        <div class="ship-actions">
          <button type="submit" class="btn btn-ok" data-testid="ship-confirm" disabled={c === null || count === ''}>{t('ship.confirm')}</button>
        </div>
      </form>
      {msg && <p class={msg.ok ? 'form-ok' : 'form-error'} role="alert" data-testid="ship-msg" data-ok={String(msg.ok)}>{msg.text}</p>}
      {sent && (
        <Manifest t={t} text={shipping.manifestText(sent.batch, sent.carrier, sent.eids)}
          confirmed={confirmedBy === sent.eids.length && sent.eids.length > 0} />
      )}
    </section>
  )
}

function Manifest({ t, text, confirmed }: { t: T; text: string; confirmed: boolean }) {
  const [svg, setSvg] = useState('')
  useEffect(() => {
    let live = true
    encode('QRCode', text).then((s) => live && setSvg(symbolSvg(s, 'matrix', { width: 260, height: 260 }))).catch(() => live && setSvg(''))
    return () => {
      live = false
    }
  }, [text])
  return (
    <div class="ship-qr" data-testid="manifest" data-text={text} data-confirmed={String(confirmed)}>
      <strong>{t('ship.manifest')}</strong>
      {/* the SVG is built from our own module matrix, never from input markup */}
      {svg && <div dangerouslySetInnerHTML={{ __html: svg }} />}
      <span class={`tag ${confirmed ? 'tag-good' : 'tag-warn'}`}>{confirmed ? t('ship.courierConfirmed') : t('ship.courierPending')}</span>
    </div>
  )
}

/** The courier's side: scan the manifest QR (camera, wedge or typed), or count the parcels
 * of a batch this device knows about. Each order of the batch gets a pickup.confirm op. */
function Pickup({ t, orders }: { t: T; orders: Orders }) {
  const [code, setCode] = useState('')
  const [counts, setCounts] = useState<Record<string, string>>({})
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const batches = useMemo(() => {
    const by = new Map<string, { carrier: string; count: number; eids: string[] }>()
    for (const o of orders) {
      const b = o.ship?.batch
      if (!b || o.ship?.pickup) continue
      const k = String(b.batch)
      const cur = by.get(k) ?? { carrier: String(b.carrier), count: Number(b.count), eids: [] }
      cur.eids.push(o.eid)
      by.set(k, cur)
    }
    return [...by.entries()].sort(([a], [b]) => shipping.compareSkus(a, b))
  }, [orders])
  const confirm = async (batch: string, carrier: string, count: number, eids: string[], method: 'qr' | 'count') => {
    try {
      await recordAll(eids.map((eid) => op('pickup.confirm', eid, { batch, carrier, count, method })))
      feedback(true)
      setMsg({ ok: true, text: t('ship.pickupDone', { n: count, carrier: carrier || '—' }) })
    } catch (e) {
      feedback(false)
      setMsg({ ok: false, text: e instanceof Error ? e.message : String(e) })
    }
  }
  const onScan = (ev: Event) => {
    ev.preventDefault()
    const m = shipping.parseManifest(code)
    setCode('')
    if (!m) {
      feedback(false)
      setMsg({ ok: false, text: t('ship.pickupBad') })
      return
    }
    void confirm(m.batch, m.carrier, m.count, m.eids, 'qr')
  }
  return (
    <section class="card ship-card" data-testid="pickup">
      <h2>{t('ship.pickupTitle')}</h2>
      <form onSubmit={onScan}>
        <label class="field-label" for="pickup-scan">{t('ship.pickupScan')}</label>
        <input id="pickup-scan" class="big-input" data-testid="pickup-scan" value={code} autocomplete="off" maxLength={4000}
          placeholder={t('ship.pickupHint')}
          onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
      </form>
      <h3 class="field-label">{t('ship.pickupWaiting')}</h3>
      {batches.length === 0 ? <p class="muted">{t('ship.pickupNone')}</p> : (
        <ul class="ship-list">
          {batches.map(([batch, b]) => (
            <li key={batch} class="ship-row" data-testid="pickup-batch" data-batch={batch}>
              <span>{t('ship.batchLine', { carrier: b.carrier || '—', n: b.count })}</span>
              <form class="ship-actions" onSubmit={(ev) => {
                ev.preventDefault()
                const n = Number.parseInt(counts[batch] ?? '', 10)
                if (shipping.batchCheck(b.count, n) !== 'ok' || b.eids.length !== b.count) {
                  feedback(false)
                  setMsg({ ok: false, text: t('ship.mismatch', { counted: counts[batch] || '0', scanned: b.count }) })
                  return
                }
                void confirm(batch, b.carrier, b.count, b.eids, 'count')
              }}>
                <input class="ship-count-input" type="number" inputMode="numeric" min={0} max={9999} data-testid="pickup-count"
                  value={counts[batch] ?? ''} onInput={(e) => setCounts({ ...counts, [batch]: (e.target as HTMLInputElement).value })} />
                <button type="submit" class="btn btn-small" data-testid="pickup-count-confirm">{t('ship.pickupCount')}</button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {msg && <p class={msg.ok ? 'form-ok' : 'form-error'} role="alert" data-testid="pickup-msg" data-ok={String(msg.ok)}>{msg.text}</p>}
    </section>
  )
}

function Reconcile({ t, data, orders }: { t: T; data?: LocalData; orders: Orders }) {
  const { offsetMin } = useShipSettings()
  const [start, end] = shipping.dayRange(Date.now(), offsetMin)
  const rows = useMemo(() => shipping.reconcile(orders, start, end), [orders, start, end])
  const no = (eid: string) => data?.view.entries.get(eid)?.no ?? eid
  return (
    <section class="card ship-card" data-testid="recon">
      <h2>{t('recon.title')}</h2>
      {rows.length === 0 ? <p class="muted">{t('recon.none')}</p> : (
        <table class="recon-table">
          <thead>
            <tr>
              <th>{t('ship.carrier')}</th>
              {shipping.RECON_STEPS.map((k) => <th key={k}>{t(`recon.${k}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const gaps = Object.entries(r.gaps).filter(([, v]) => v.length > 0)
              return [
                <tr key={r.carrier} data-testid="recon-row" data-carrier={r.carrier}
                  data-counts={`${r.printed},${r.scanned},${r.handed},${r.confirmed}`}>
                  <td>{r.carrier || '—'}</td>
                  {shipping.RECON_STEPS.map((k, i) => (
                    <td key={k} class={i > 0 && r[k] !== r[shipping.RECON_STEPS[i - 1]!] ? 'recon-diff' : ''}>{r[k]}</td>
                  ))}
                </tr>,
                gaps.length > 0 && (
                  <tr key={`${r.carrier}-gaps`}>
                    <td colSpan={5}>
                      <details data-testid="recon-gaps" data-carrier={r.carrier}>
                        <summary>{t('recon.gaps')}</summary>
                        {gaps.map(([k, eids]) => (
                          <p key={k} class="small" data-gap={k}>
                            <b>{t(`recon.${k as 'not_scanned'}`)}</b>: {eids.map(no).join('、')}
                          </p>
                        ))}
                      </details>
                    </td>
                  </tr>
                ),
              ]
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
