import { useState } from 'preact/hooks'
import { createEnrollment, devicesUrl, revokeDevice, type DeviceInfo, type Enrollment } from '../auth'
import { HttpError } from '../http/errors'
import { useI18n } from '../i18n'
import { useLocalData } from '../state'
import { useSyncState } from '../syncclient/hooks'
import { syncNow } from '../syncclient/hub'
import { useCached } from '../useCached'
import { reasonLabel } from '../components/labels'
import { go } from '../router'
import { ExceptionRow } from '../components/ExceptionRow'
import { formatTime } from '../time'
import { useOnline } from '../net'
import { NoData } from '../components/StateView'
import { DelistCard } from './stock/DelistCard'

interface RejectedRow {
  op_id: string
  device_id: string
  actor: string
  reason: string
  detail: string
  op_json: string
  received_at: string
}

/**
 * The office's queue (exception handler, manager, customer service): the open exceptions of
 * the warehouse from the local view, the same records the device ledger shows (what the
 * replica derives from the warehouse's ops, plus what the bootstrap stored for ops compacted
 * away), so it works offline and moves with every sync. The ops the server refused come from
 * the server: other devices' refused ops never reach this device's op set.
 */
export function Office({ token, device, roles = [] }: { token: string; device?: string; roles?: string[] }) {
  const { t, lang } = useI18n()
  const [tab, setTab] = useState<'exceptions' | 'rejected' | 'devices'>('exceptions')
  // Devices are the manager's (the server says so too: the endpoints are manager-only).
  const manager = roles.includes('manager') || roles.includes('admin')
  const rej = useCached<RejectedRow[]>(tab === 'rejected' ? '/api/sync/rejected' : null, token)
  const local = useLocalData()
  const sync = useSyncState()
  const online = useOnline()
  const open = local?.view.exceptions ?? []
  return (
    <div class="office" data-testid="office">
      <div class="chips" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'exceptions'} class={`chip ${tab === 'exceptions' ? 'chip-on' : ''}`}
          onClick={() => setTab('exceptions')}>{t('office.exceptions')} {local ? `(${open.length})` : ''}</button>
        <button type="button" role="tab" aria-selected={tab === 'rejected'} class={`chip ${tab === 'rejected' ? 'chip-on' : ''}`}
          data-testid="office-tab-rejected" onClick={() => setTab('rejected')}>{t('office.rejected')}</button>
        {manager && (
          <button type="button" role="tab" aria-selected={tab === 'devices'} class={`chip ${tab === 'devices' ? 'chip-on' : ''}`}
            data-testid="office-tab-devices" onClick={() => setTab('devices')}>{t('devices.tab')}</button>
        )}
      </div>
      <DelistCard />
      {tab === 'devices' ? <Devices token={token} self={device} /> : tab === 'exceptions' ? <>
      <div class="fresh-row" data-testid="office-status">
        <span class="muted small">
          {sync.syncing ? t('sync.syncing') : sync.lastSyncAt ? t('sync.last', { time: formatTime(sync.lastSyncAt, lang) }) : t('sync.never')}
        </span>
        <button type="button" class="btn btn-small" disabled={!online || sync.syncing} onClick={syncNow}>{t('net.refresh')}</button>
      </div>
      <button type="button" class="btn btn-primary btn-block" data-testid="open-desk" onClick={() => go({ name: 'exceptions' })}>{t('desk.open')}</button>
      {local === undefined ? (
        <NoData loading onRetry={syncNow} />
      ) : (
        <ul class="rows" data-testid="office-exceptions" data-count={open.length}>
          {open.map((e) => <ExceptionRow key={e.id} e={e} entries={local.view.entries} testid="office-exception" />)}
          {open.length === 0 && <li class="state">{t('office.none')}</li>}
        </ul>
      )}
      </> : <>
      <div class="fresh-row" data-testid="office-status">
        <span class="muted small">
          {rej.refreshing ? t('net.refreshing') : rej.updatedAt ? t('office.updated', { time: formatTime(rej.updatedAt, lang) }) : t('net.never')}
        </span>
        <button type="button" class="btn btn-small" disabled={!online || rej.refreshing} onClick={rej.refresh}>{t('net.refresh')}</button>
      </div>
      {rej.data === undefined ? (
        <NoData loading={!rej.cacheChecked || (rej.refreshing && !rej.error)} onRetry={rej.refresh} />
      ) : (
        <ul class="rows" data-testid="office-rejected" data-count={rej.data.length}>
          {[...rej.data].reverse().map((r) => (
            <li class="row static" data-op={r.op_id} data-reason={r.reason}>
              <span class="row-main">
                <span class="row-title">{reasonLabel(t, r.reason)}</span>
                <span class="row-sub">{r.op_id} · {r.actor || '—'} · {formatTime(Date.parse(r.received_at), lang)}</span>
                <span class="row-sub">{r.detail}</span>
              </span>
            </li>
          ))}
          {rej.data.length === 0 && <li class="state">{t('office.noneRejected')}</li>}
        </ul>
      )}
      </>}
    </div>
  )
}

const DANGER = { background: 'var(--alert)', borderColor: 'var(--alert)', color: '#fff' }
const ms = (iso: string | null) => (iso ? Date.parse(iso) : NaN)

/**
 * The warehouse's devices (manager): enrol a new one with a one-time code (QR), and revoke a
 * lost one. Revoking is one button plus a confirmation: from then on the server refuses the
 * device's token; what it already synced stays, and its unsynced work stays on the phone.
 */
function Devices({ token, self }: { token: string; self?: string }) {
  const { t, lang } = useI18n()
  const online = useOnline()
  const list = useCached<DeviceInfo[]>(devicesUrl, token)
  const [confirm, setConfirm] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [enrolment, setEnrolment] = useState<Enrollment | null>(null)

  /** One server call at a time; a refusal or a lost connection is shown, in the user's words. */
  const run = async (call: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await call()
    } catch (e) {
      setError(e instanceof HttpError && !e.network ? e.detail : t('devices.offline'))
    } finally {
      setBusy(false)
    }
  }
  const revoke = (id: string) => run(async () => {
    await revokeDevice(token, id)
    setConfirm(null)
    list.refresh()
  })
  const enrol = () => run(async () => setEnrolment(await createEnrollment(token)))
  const devices = [...(list.data ?? [])].sort(
    (a, b) => Number(a.revoked_at !== null) - Number(b.revoked_at !== null) || ms(b.enrolled_at) - ms(a.enrolled_at),
  )

  return (
    <div class="office" data-testid="devices">
      <section class="card">
        <h2>{t('devices.enrolTitle')}</h2>
        {enrolment ? (
          <div class="state" data-testid="enrolment" style={{ padding: '4px 0' }}>
            <div style={{ width: '200px', height: '200px', background: '#fff' }} aria-hidden="true"
              dangerouslySetInnerHTML={{ __html: enrolment.qr_svg }} />
            <strong class="mono" style={{ fontSize: '30px', color: 'var(--ink)' }} data-testid="enrolment-code">{enrolment.code}</strong>
            <span class="small">{t('devices.enrolHint', { time: formatTime(Date.parse(enrolment.expires_at), lang) })}</span>
            <button type="button" class="btn btn-small" onClick={() => setEnrolment(null)}>{t('devices.done')}</button>
          </div>
        ) : (
          <button type="button" class="btn btn-primary btn-block" data-testid="enrol-new" disabled={!online || busy}
            onClick={() => void enrol()}>{t('devices.enrolNew')}</button>
        )}
      </section>
      {error && <p class="form-error" role="alert" data-testid="devices-error">{error}</p>}
      <div class="fresh-row">
        <span class="muted small">
          {list.refreshing ? t('net.refreshing') : list.updatedAt ? t('office.updated', { time: formatTime(list.updatedAt, lang) }) : t('net.never')}
        </span>
        <button type="button" class="btn btn-small" disabled={!online || list.refreshing} onClick={list.refresh}>{t('net.refresh')}</button>
      </div>
      {list.data === undefined ? (
        <NoData loading={!list.cacheChecked || (list.refreshing && !list.error)} onRetry={list.refresh} />
      ) : (
        <ul class="rows" data-testid="device-list" data-count={devices.length}>
          {devices.map((d) => {
            const revoked = d.revoked_at !== null
            const mine = d.device_id === self
            const seen = ms(d.last_seen_at)
            return (
              <li key={d.device_id} class="row static" data-testid="device-row" data-device={d.device_id}
                data-state={revoked ? 'revoked' : 'active'} style={{ flexWrap: 'wrap', opacity: revoked ? 0.75 : 1 }}>
                <span class="row-main">
                  <span class="row-title">{d.label || d.device_id}</span>
                  <span class="row-sub mono">{d.device_id}</span>
                  <span class="row-sub">
                    {revoked
                      ? t('devices.revokedAt', { time: formatTime(ms(d.revoked_at), lang) })
                      : Number.isNaN(seen)
                        ? t('devices.enrolledAt', { time: formatTime(ms(d.enrolled_at), lang) })
                        : t('devices.seen', { time: formatTime(seen, lang) })}
                  </span>
                </span>
                {mine ? (
                  <span class="pill pill-synced">{t('ledger.thisDevice')}</span>
                ) : revoked ? (
                  <span class="pill pill-rejected">{t('devices.revoked')}</span>
                ) : confirm !== d.device_id ? (
                  <button type="button" class="btn" style={{ ...DANGER, minWidth: '96px' }} data-testid="device-revoke"
                    disabled={!online || busy} onClick={() => setConfirm(d.device_id)}>{t('devices.revoke')}</button>
                ) : null}
                {confirm === d.device_id && !revoked && (
                  <div role="alertdialog" aria-label={t('devices.revoke')} data-testid="device-revoke-dialog"
                    style={{ flexBasis: '100%', display: 'flex', flexDirection: 'column', gap: '8px', paddingTop: '8px' }}>
                    <p class="row-sub alert" style={{ fontWeight: 600 }}>{t('devices.confirm', { device: d.label || d.device_id })}</p>
                    <div style={{ display: 'flex', gap: '8px' }}>
                      <button type="button" class="btn" style={{ ...DANGER, flex: 1 }} data-testid="device-revoke-confirm"
                        disabled={busy} onClick={() => void revoke(d.device_id)}>{t('devices.revokeNow')}</button>
                      <button type="button" class="btn" style={{ flex: 1, borderColor: 'var(--line)' }} data-testid="device-revoke-cancel"
                        onClick={() => setConfirm(null)}>{t('devices.cancel')}</button>
                    </div>
                  </div>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
