import { useEffect, useMemo, useState } from 'preact/hooks'
import { demoUsersUrl, ROLES, type Role } from '../api'
import { login, staffList, type StaffEntry } from '../auth'
import { signedIn } from '../authstate'
import { enterScope } from '../outbox/scope'
import { localDataChanged } from '../syncclient/hub'
import { deviceCounters } from '../outbox/store'
import { getCached, putCached } from '../cache'
import type { DeviceRecord } from '../device'
import { get } from '../http/client'
import { HttpError } from '../http/errors'
import { useI18n } from '../i18n'
import { LangSwitch } from '../components/LangSwitch'
import { SyncBar } from '../components/SyncBar'
import { NoData } from '../components/StateView'
import { PinPad } from '../components/PinPad'

const staffKey = (device: string) => `/api/auth/staff#${device}`

/** Staff of the device's warehouse: cache first (so the list shows offline), then network. */
function useStaff(device: DeviceRecord) {
  const [list, setList] = useState<StaffEntry[] | undefined>()
  const [updatedAt, setUpdatedAt] = useState<number>()
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let live = true
    setLoading(true)
    void getCached<StaffEntry[]>(staffKey(device.device_id)).then((hit) => {
      if (live && hit) {
        setList((l) => l ?? hit.value)
        setUpdatedAt((u) => u ?? hit.updatedAt)
      }
    })
    staffList(device.token)
      .then(async (v) => {
        const e = await putCached(staffKey(device.device_id), v)
        if (!live) return
        setList(v)
        setUpdatedAt(e.updatedAt)
      })
      // A refused device token (revoked device) goes to authstate through the HTTP client.
      .catch(() => {})
      .finally(() => live && setLoading(false))
    return () => {
      live = false
    }
  }, [device.device_id, device.token, tick])
  return { list, updatedAt, loading, retry: () => setTick((n) => n + 1) }
}

function useDemo(): boolean {
  const [demo, setDemo] = useState(false)
  useEffect(() => {
    get(demoUsersUrl()).then(() => setDemo(true), () => {})
  }, [])
  return demo
}

export function SignIn({ device }: { device: DeviceRecord }) {
  const { t } = useI18n()
  const staff = useStaff(device)
  const demo = useDemo()
  const [chosen, setChosen] = useState<StaffEntry | null>(null)
  const [filter, setFilter] = useState<Role | 'all'>('all')

  const list = staff.list ?? []
  const present = useMemo(() => ROLES.filter((r) => list.some((u) => u.roles.includes(r))), [list])
  const shown = filter === 'all' ? list : list.filter((u) => u.roles.includes(filter))

  return (
    <section class="screen picker signin" data-testid="signin">
      <header class="topbar">
        <div class="brand">
          <img src="/logo.svg" alt="" width="32" height="32" />
          <span>{t('app.name')}</span>
        </div>
        <LangSwitch />
      </header>
      <SyncBar />
      {chosen ? (
        <PinScreen device={device} who={chosen} demo={demo} onBack={() => setChosen(null)} />
      ) : (
        <>
          <div class="picker-head">
            <h1>{t('signin.title')}</h1>
            <p class="muted">{t('signin.subtitle')}</p>
            <p class="muted small">{t('signin.device', { device: device.device_id, warehouse: device.warehouse_code })}</p>
          </div>
          {staff.list === undefined ? (
            <NoData loading={staff.loading} onRetry={staff.retry} />
          ) : (
            <>
              {present.length > 1 && (
                <div class="chips" role="tablist" aria-label={t('home.roleTabs')}>
                  {(['all', ...present] as const).map((r) => (
                    <button type="button" role="tab" aria-selected={filter === r}
                      class={`chip ${filter === r ? 'chip-on' : ''}`} onClick={() => setFilter(r)}>
                      {r === 'all' ? t('picker.all') : t(`role.${r}`)}
                    </button>
                  ))}
                </div>
              )}
              <ul class="user-list">
                {shown.map((u) => (
                  <li key={u.employee_code}>
                    <button type="button" class="user-item" data-testid="user-item" data-code={u.employee_code} onClick={() => setChosen(u)}>
                      <span class="avatar" aria-hidden="true">{u.name.slice(0, 1)}</span>
                      <span class="user-main">
                        <span class="user-name">{u.name}</span>
                        <span class="user-roles">
                          {u.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)).map((r) => t(`role.${r}`)).join(' · ')}
                        </span>
                      </span>
                      <span class="user-meta"><span>{u.employee_code}</span></span>
                    </button>
                  </li>
                ))}
              </ul>
              {list.length === 0 && <p class="state">{t('signin.empty')}</p>}
            </>
          )}
        </>
      )}
    </section>
  )
}

function PinScreen({ device, who, demo, onBack }: { device: DeviceRecord; who: StaffEntry; demo: boolean; onBack: () => void }) {
  const { t } = useI18n()
  const [pin, setPin] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [waitUntil, setWaitUntil] = useState(0)
  const [now, setNow] = useState(Date.now())

  useEffect(() => {
    if (waitUntil <= Date.now()) return
    const id = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(id)
  }, [waitUntil])
  const wait = Math.max(0, Math.ceil((waitUntil - now) / 1000))

  const submit = async () => {
    if (busy || wait > 0 || pin.length < 4) return
    setBusy(true)
    setError(null)
    try {
      const r = await login(device.token, who.employee_code, pin, await deviceCounters(device.device_id))
      // The device's data must follow this user's scope before any screen shows it.
      if ((await enterScope(r.me.roles, r.me.employee_code)) !== 'same') localDataChanged()
      await signedIn({ token: r.token, expires_at: r.expires_at, me: r.me })
    } catch (e) {
      setPin('')
      if (e instanceof HttpError && !e.network) {
        // Wrong PIN, or a revoked device: the HTTP client has asked authstate which one.
        if (e.kind === 'auth') setError(t('signin.wrong'))
        else if (e.status === 429) {
          const s = e.retryAfter ?? 60
          setWaitUntil(Date.now() + s * 1000)
          setNow(Date.now())
          setError(null)
        } else setError(t('signin.error', { detail: e.detail }))
      } else setError(t('signin.offline'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="pin-screen">
      <div class="pin-who">
        <span class="avatar" aria-hidden="true">{who.name.slice(0, 1)}</span>
        <h1>{t('signin.pinFor', { name: who.name })}</h1>
      </div>
      <PinPad value={pin} onChange={setPin} onSubmit={() => void submit()} disabled={busy || wait > 0}
        submitLabel={t('signin.submit')} label={t('signin.pinLabel')} />
      {wait > 0 && <p class="form-error" role="alert" data-testid="pin-throttled">{t('signin.throttled', { s: wait })}</p>}
      {error && <p class="form-error" role="alert" data-testid="pin-error">{error}</p>}
      {demo && <p class="muted small center">{t('signin.demoPin')}</p>}
      <button type="button" class="btn btn-small" onClick={onBack}>{t('signin.back')}</button>
    </div>
  )
}
