import { useState } from 'preact/hooks'
import { me } from '../auth'
import { loadAuth } from '../authstate'
import { forgetDevice, saveDevice, type DeviceRecord } from '../device'
import { useI18n } from '../i18n'
import { LangSwitch } from '../components/LangSwitch'
import { PendingCard } from '../components/PendingCard'
import { SyncBar } from '../components/SyncBar'
import { useLocalData } from '../state'

/**
 * The device token was refused. Nothing local is deleted: the outbox stays, listed here, so
 * whoever holds the phone can see (and report) exactly what never reached the server.
 */
export function Revoked({ device }: { device: DeviceRecord }) {
  const { t } = useI18n()
  const data = useLocalData()
  const [busy, setBusy] = useState(false)

  const check = async () => {
    setBusy(true)
    try {
      await me(device.token)
      // The server knows the device again (e.g. a mistaken 401): resume.
      const { revokedAt: _gone, ...rest } = device
      void _gone
      await saveDevice(rest)
      await loadAuth()
    } catch {
      /* still refused, or offline: still unknown */
    } finally {
      setBusy(false)
    }
  }

  const reenroll = async () => {
    // Only the enrolment record goes; outbox, ops and rejected ops remain in IndexedDB.
    await forgetDevice()
    await loadAuth()
  }

  return (
    <section class="screen revoked" data-testid="revoked">
      <header class="topbar">
        <div class="brand">
          <img src="/logo.svg" alt="" width="32" height="32" />
          <span>{t('app.name')}</span>
        </div>
        <LangSwitch />
      </header>
      <SyncBar />
      <div class="state" style={{ padding: '20px 8px 8px' }}>
        <svg class="state-icon state-alert" viewBox="0 0 64 64" aria-hidden="true">
          <circle cx="32" cy="32" r="26" fill="none" stroke="currentColor" stroke-width="4" />
          <path d="M14 50 50 14" stroke="currentColor" stroke-width="4" />
        </svg>
        <h1 class="revoked-title">{t('revoked.title')}</h1>
        <p>{t('revoked.body')}</p>
        <p>{t('revoked.synced')}</p>
        <p class="muted small mono">{device.device_id} · {device.warehouse_code}</p>
      </div>
      {data && data.pending.length > 0 && <PendingCard data={data} device={device.device_id} title={t('revoked.unsynced')} />}
      <div style={{ display: 'flex', flexDirection: 'column', gap: '8px', marginTop: 'auto' }}>
        <button type="button" class="btn btn-primary btn-block" data-testid="revoked-reenroll" onClick={() => void reenroll()}>{t('revoked.reenroll')}</button>
        <button type="button" class="btn btn-block" style={{ borderColor: 'var(--line)' }} data-testid="revoked-check" disabled={busy}
          onClick={() => void check()}>{t('revoked.check')}</button>
      </div>
    </section>
  )
}
