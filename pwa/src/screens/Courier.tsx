// The courier's screens: today's route (#/route) and the handover with proof
// (#/deliver/<order>). Both read the local replica, so they work all afternoon with no
// signal; the rules (proof required?, the deliver verdict) are the core's (sync/courier.ts).
// Photos and signatures go to the evidence queue (evidence/queue.ts), uploaded apart from
// the op outbox, and the delivery shows "evidence pending" until the server has them.
import { useEffect, useRef, useState } from 'preact/hooks'
import { useI18n, type MessageKey } from '../i18n'
import { useLocalData } from '../state'
import { recordOp } from '../syncclient/hub'
import { go } from '../router'
import { DEFAULT_POLICY, deliverVerdict, proofKept, proofMissing } from '../sync/courier'
import { normaliseTracking, specialText } from '../sync/rules'
import { enqueue, pendingFor, uploadAll } from '../evidence/queue'
import { compressPhoto } from '../evidence/compress'
import type { OrderEntry } from '../view/order'
import type { Value } from '../sync'

const text = (v: unknown) => (typeof v === 'string' ? v : '')

export function RouteList() {
  const { t } = useI18n()
  const data = useLocalData()
  if (!data) return <p class="state">…</p>
  // A courier's replica holds only the orders on their route (the server scopes the pull).
  const stops = [...data.view.entries.values()]
    .filter((e) => e.order.status === 'shipped' || e.order.status === 'delivered' || e.order.status === 'cancelled')
    .sort((a, b) => text(a.order.fields.delivery_window).localeCompare(text(b.order.fields.delivery_window)) || a.eid.localeCompare(b.eid))
  if (stops.length === 0) return <p class="state" data-testid="route-empty">{t('courier.empty')}</p>
  return (
    <ol class="courier-route" data-testid="route">
      {stops.map((e, i) => (
        <li key={e.eid}>
          <a class="stop" href={`#/deliver/${encodeURIComponent(e.eid)}`} data-testid="route-stop" data-eid={e.eid} data-status={e.order.status}>
            <span class="stop-no">{i + 1}</span>
            <span class="stop-body">
              <span class="stop-line"><strong>{e.address.recipient_name || e.no}</strong> <span class="muted">{e.no}</span></span>
              <span class="stop-line">{e.fullAddress}</span>
              <span class="stop-line">{t('courier.phone')} <a href={`tel:${text(e.address.recipient_phone)}`}>{text(e.address.recipient_phone)}</a></span>
              {text(e.order.fields.delivery_window) && <span class="stop-line">{t('courier.window')} {text(e.order.fields.delivery_window)}</span>}
              {specialText(e.order.fields) && <span class="stop-line flag">{t('courier.requests')} {specialText(e.order.fields)}</span>}
            </span>
            <span class={`stop-status status-${e.order.status}`}>{t(`status.${e.order.status}` as MessageKey)}</span>
          </a>
        </li>
      ))}
    </ol>
  )
}

function Signature({ onSaved }: { onSaved: (png: ArrayBuffer) => void }) {
  const { t } = useI18n()
  const ref = useRef<HTMLCanvasElement>(null)
  const drawing = useRef(false)
  const [inked, setInked] = useState(false)
  const at = (e: PointerEvent) => {
    const r = ref.current!.getBoundingClientRect()
    return [e.clientX - r.left, e.clientY - r.top] as const
  }
  const down = (e: PointerEvent) => {
    drawing.current = true
    const ctx = ref.current!.getContext('2d')!
    ctx.lineWidth = 2.5
    ctx.lineCap = 'round'
    ctx.beginPath()
    ctx.moveTo(...at(e))
  }
  const move = (e: PointerEvent) => {
    if (!drawing.current) return
    const ctx = ref.current!.getContext('2d')!
    ctx.lineTo(...at(e))
    ctx.stroke()
    setInked(true)
  }
  const save = () =>
    ref.current!.toBlob((b) => void b?.arrayBuffer().then(onSaved), 'image/png')
  const clear = () => {
    ref.current!.getContext('2d')!.clearRect(0, 0, ref.current!.width, ref.current!.height)
    setInked(false)
  }
  return (
    <div class="signature">
      <canvas ref={ref} width={320} height={140} data-testid="signature-pad" style="touch-action:none;border:1px solid #999;background:#fff;max-width:100%"
        onPointerDown={down} onPointerMove={move} onPointerUp={() => (drawing.current = false)} onPointerLeave={() => (drawing.current = false)} />
      <div class="row">
        <button type="button" onClick={clear}>{t('courier.clearSignature')}</button>
        <button type="button" disabled={!inked} onClick={save} data-testid="signature-save">{t('courier.saveSignature')}</button>
      </div>
    </div>
  )
}

export function Deliver({ eid, token }: { eid: string; token: string }) {
  const { t } = useI18n()
  const data = useLocalData()
  const entry: OrderEntry | undefined = data?.view.entries.get(eid)
  const [tracking, setTracking] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [signature, setSignature] = useState('')
  const [recipient, setRecipient] = useState('')
  const [share, setShare] = useState(false)
  const [location, setLocation] = useState<{ lat: number; lon: number } | null>(null)
  const [pending, setPending] = useState<string[]>([])
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  // Upload whatever is queued whenever this screen is open; a no-op with nothing pending.
  useEffect(() => {
    let live = true
    const tick = async () => {
      await uploadAll(token).catch(() => null)
      if (live) setPending(await pendingFor(eid))
    }
    void tick()
    const timer = setInterval(() => void tick(), 3_000)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [eid, token])

  useEffect(() => {
    if (!share || !navigator.geolocation) return
    navigator.geolocation.getCurrentPosition((p) => setLocation({ lat: p.coords.latitude, lon: p.coords.longitude }), () => setLocation(null), { timeout: 5_000 })
  }, [share])

  const status = entry ? entry.order.status : null
  const verdict = deliverVerdict(status, entry?.order.hold ?? false)
  const delivered = verdict === 'delivered'
  const scanned = normaliseTracking(tracking)
  const proof = { scan: scanned, photo: photos, signature, recipient, location }
  const missing = proofMissing(DEFAULT_POLICY, proof)
  const meta = () => ({ keep_time: true, keep_place: share && location !== null, captured_at: new Date().toISOString(), ...(share && location ? { latitude: location.lat, longitude: location.lon } : {}) })

  const onPhoto = async (file: File | undefined) => {
    if (!file) return
    setError('')
    try {
      const bytes = await compressPhoto(file)
      const uid = await enqueue(eid, 'photo', bytes, meta())
      setPhotos((p) => [...p, uid])
      setPending(await pendingFor(eid))
    } catch {
      setError(t('courier.photoFailed'))
    }
  }
  const onSignature = async (png: ArrayBuffer) => {
    const uid = await enqueue(eid, 'signature', png, { keep_time: true, keep_place: false })
    setSignature(uid)
    setPending(await pendingFor(eid))
  }
  const confirm = async () => {
    setBusy(true)
    try {
      await recordOp({ kind: 'delivery.confirm', etype: 'order', eid, payload: { ...(scanned ? { tracking: scanned } : {}), proof: proofKept(DEFAULT_POLICY, proof) as Record<string, Value> } })
      void uploadAll(token).then(async () => setPending(await pendingFor(eid)))
      go({ name: 'route' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="deliver" data-testid="deliver" data-eid={eid} data-verdict={verdict}>
      {entry && (
        <p class="stop-body">
          <strong>{entry.address.recipient_name}</strong> {entry.no}
          <br />
          {entry.fullAddress}
        </p>
      )}
      {verdict !== 'ok' && <p class={`banner verdict-${verdict}`} data-testid="deliver-verdict">{t(`courier.verdict.${verdict}` as MessageKey)}</p>}
      <p data-testid="evidence-state" data-pending={pending.length}>
        {pending.length > 0 ? `${t('courier.evidencePending')} (${pending.length})` : photos.length + (signature ? 1 : 0) > 0 ? t('courier.evidenceUploaded') : ''}
      </p>
      {!delivered && (
        <form class="stack" onSubmit={(e) => { e.preventDefault(); void confirm() }}>
          <label>
            {t('courier.scanLabel')}
            <input data-testid="deliver-scan" inputMode="text" autoComplete="off" value={tracking}
              onInput={(e) => setTracking((e.target as HTMLInputElement).value)} />
          </label>
          <label class="button">
            {t('courier.photo')} ({photos.length})
            <input data-testid="deliver-photo" type="file" accept="image/*" capture="environment" style="display:none"
              onChange={(e) => void onPhoto((e.target as HTMLInputElement).files?.[0])} />
          </label>
          <div>
            {t('courier.signature')} {signature && '✓'}
            <Signature onSaved={(png) => void onSignature(png)} />
          </div>
          <label>
            {t('courier.recipient')}
            <input data-testid="deliver-recipient" value={recipient} onInput={(e) => setRecipient((e.target as HTMLInputElement).value)} />
          </label>
          <label class="check">
            <input type="checkbox" checked={share} onChange={(e) => setShare((e.target as HTMLInputElement).checked)} /> {t('courier.shareLocation')}
          </label>
          {error && <p class="error">{error}</p>}
          {missing.length > 0 && (
            <p class="muted" data-testid="deliver-missing">{t('courier.missing')}{missing.map((m) => t(`courier.item.${m}` as MessageKey)).join('、')}</p>
          )}
          <button class="primary big" type="submit" data-testid="deliver-confirm" disabled={missing.length > 0 || busy}>{t('courier.confirm')}</button>
        </form>
      )}
    </div>
  )
}
