import { useEffect, useState } from 'preact/hooks'
import { claimDevice, demoEnroll } from '../auth'
import { demoUsersUrl, type DemoUser } from '../api'
import { get } from '../http/client'
import { HttpError } from '../http/errors'
import { enrolled } from '../authstate'
import { normaliseCode } from '../device'
import { useI18n } from '../i18n'
import { LangSwitch } from '../components/LangSwitch'
import { SyncBar } from '../components/SyncBar'
import { CameraScanner } from '../components/CameraScanner'

/** Demo mode is detected by /api/demo/users answering 200; it is absent in production. */
function useDemoUsers(): DemoUser[] | null {
  const [users, setUsers] = useState<DemoUser[] | null>(null)
  useEffect(() => {
    let live = true
    get<DemoUser[]>(demoUsersUrl())
      .then((u) => live && Array.isArray(u) && setUsers(u))
      .catch(() => {})
    return () => {
      live = false
    }
  }, [])
  return users
}

export function Enroll() {
  const { t } = useI18n()
  const [code, setCode] = useState('')
  // The name the manager will see in the device list ("PWA Browser" told no one anything).
  // Blank: the label the manager gave the enrolment code stands, else the device id.
  const [name, setName] = useState('')
  const label = () => name.trim().slice(0, 100) || undefined
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const demo = useDemoUsers()
  const warehouses = demo ? [...new Set(demo.map((u) => u.warehouse_code))].sort() : []
  const [demoWh, setDemoWh] = useState<string>('')
  const wh = demoWh || (warehouses.includes('SH01') ? 'SH01' : warehouses[0] ?? '')

  const explain = (e: unknown) => {
    if (e instanceof HttpError && !e.network) {
      if (e.status === 400 || e.status === 404 || e.status === 422) return t('enroll.bad')
      return t('enroll.error', { detail: e.detail })
    }
    return t('enroll.offline')
  }

  const run = async (fn: () => Promise<{ device_id: string; token: string; warehouse_code: string }>) => {
    setBusy(true)
    setError(null)
    try {
      await enrolled(await fn())
    } catch (e) {
      setError(explain(e))
    } finally {
      setBusy(false)
    }
  }

  const normalised = normaliseCode(code)
  const submit = (ev: Event) => {
    ev.preventDefault()
    if (normalised.length < 4 || busy) return
    void run(() => claimDevice(normalised, label()))
  }

  return (
    <section class="screen enroll" data-testid="enroll">
      <header class="topbar">
        <div class="brand">
          <img src="/logo.svg" alt="" width="32" height="32" />
          <span>{t('app.name')}</span>
        </div>
        <LangSwitch />
      </header>
      <SyncBar />
      <div class="picker-head">
        <h1>{t('enroll.title')}</h1>
        <p class="muted">{t('enroll.subtitle')}</p>
      </div>
      <form class="card form" onSubmit={submit}>
        <label for="enroll-code" class="field-label">{t('enroll.codeLabel')}</label>
        <input
          id="enroll-code"
          class="big-input code-input"
          data-testid="enroll-code"
          value={code}
          placeholder="ABCD-EFGH"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          maxLength={40}
          onInput={(e) => setCode((e.target as HTMLInputElement).value)}
        />
        <label for="enroll-name" class="field-label">{t('enroll.nameLabel')}</label>
        <input
          id="enroll-name"
          class="big-input"
          data-testid="enroll-name"
          value={name}
          placeholder={t('enroll.namePlaceholder')}
          autocomplete="off"
          maxLength={100}
          aria-describedby="enroll-name-hint"
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
        <p id="enroll-name-hint" class="muted small">{t('enroll.nameHint')}</p>
        <button type="submit" class="btn btn-primary btn-block" data-testid="enroll-submit" disabled={busy || normalised.length < 4}>
          {busy ? t('enroll.submitting') : t('enroll.submit')}
        </button>
        <CameraScanner formats={['qr_code']} label={t('camera.scanQr')} onCode={(c) => {
          setCode(c)
          void run(() => claimDevice(normaliseCode(c), label()))
        }} />
        {error && <p class="form-error" role="alert" data-testid="enroll-error">{error}</p>}
      </form>

      {demo && (
        <div class="card demo">
          <div class="demo-row">
            {warehouses.length > 1 && (
              <label class="demo-wh">
                <span>{t('enroll.demoWarehouse')}</span>
                <select value={wh} onChange={(e) => setDemoWh((e.target as HTMLSelectElement).value)}>
                  {warehouses.map((w) => <option value={w}>{w}</option>)}
                </select>
              </label>
            )}
            <button type="button" class="btn btn-demo btn-block" data-testid="demo-enroll" disabled={busy}
              onClick={() => void run(() => demoEnroll(wh || undefined, label()))}>
              {t('enroll.demo')}
            </button>
          </div>
          <p class="muted small">{t('enroll.demoHint')}</p>
          <ul class="demo-staff">
            {demo.filter((u) => !wh || u.warehouse_code === wh).map((u) => (
              <li key={u.employee_code}><b>{u.employee_code}</b> {u.name}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
