import { useEffect, useState } from 'preact/hooks'
import { isRole, ROLES, type Role } from '../api'
import { logout } from '../auth'
import { signOut } from '../authstate'
import { deviceCounters } from '../outbox/store'
import type { DeviceRecord, SessionRecord } from '../device'
import { useI18n, type MessageKey } from '../i18n'
import { screensFor, type Screen } from '../roles'
import { go, useRoute, type Route } from '../router'
import { localDataChanged, startSync, stopSync, syncNow } from '../syncclient/hub'
import { enterScope } from '../outbox/scope'
import { disablePush, enablePush } from '../push'
import { LangSwitch } from '../components/LangSwitch'
import { SyncBar } from '../components/SyncBar'
import { UpdateRequired } from '../components/UpdateRequired'
import { Home, SCREEN_LABEL } from './Home'
import { Deliver, RouteList } from './Courier'
import { Ledger } from './Ledger'
import { Office } from './Office'
import { OrderDetail, Orders } from './Orders'
import { Print } from './Print'
import { Pick } from './Pick'
import { Exceptions } from './Exceptions'
import { ScanOut } from './ScanOut'
import { Count } from './stock/Count'
import { Defects } from './stock/Defects'
import { Qc } from './stock/Qc'
import { Receive } from './stock/Receive'
import { Crates } from './Crates'
import { Ship } from './Ship'

const ROLE_KEY = (code: string) => `packline.role.${code}`

function loadRole(code: string, roles: Role[]): Role | undefined {
  let saved: string | null = null
  try {
    saved = localStorage.getItem(ROLE_KEY(code))
  } catch {
    /* storage blocked */
  }
  return roles.find((r) => r === saved) ?? roles[0]
}

/** The signed-in app: who is working, the sync bar, and the screen the route names. */
export function Main({ device, session }: { device: DeviceRecord; session: SessionRecord }) {
  const { t } = useI18n()
  const me = session.me
  // The app's order (the main job first), not the server's alphabetical one.
  const roles = me.roles.filter(isRole).sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b))
  const [role, setRole] = useState<Role | undefined>(() => loadRole(me.employee_code, roles))
  const route = useRoute()
  const screens = screensFor(roles)

  useEffect(() => {
    startSync()
    void enablePush(session.token)
    return () => stopSync()
  }, [session.token])
  // A session restored from an older version (or another tab's sign-in) gets its scope too:
  // sign-in already did this, so normally there is nothing to do (outbox/scope.ts).
  useEffect(() => {
    void enterScope(me.roles, me.employee_code).then((c) => c !== 'same' && c !== 'stale' && localDataChanged()).catch(() => {})
  }, [me.employee_code])

  const chooseRole = (r: Role) => {
    setRole(r)
    try {
      localStorage.setItem(ROLE_KEY(me.employee_code), r)
    } catch {
      /* not remembered */
    }
  }
  const switchUser = async () => {
    // Best effort: end the session on the server too. Offline, it simply expires there.
    void disablePush(session.token)
    void deviceCounters(device.device_id)
      .then((at) => logout(session.token, at))
      .catch(() => {})
    go({ name: 'home' })
    await signOut()
  }

  const allowed = (s: Screen) => screens.includes(s)
  let body
  let title: MessageKey | null = null
  switch (route.name) {
    case 'scan':
      title = SCREEN_LABEL.scan
      body = allowed('scan') ? <ScanOut device={device.device_id} /> : <NotAllowed />
      break
    case 'orders':
      title = SCREEN_LABEL.orders
      body = <Orders filter={route.filter} />
      break
    case 'order':
      title = 'order.title'
      body = <OrderDetail eid={route.eid} />
      break
    case 'ledger':
      title = SCREEN_LABEL.ledger
      body = <Ledger device={device.device_id} />
      break
    case 'office':
      title = SCREEN_LABEL.office
      body = allowed('office') ? <Office token={session.token} device={device.device_id} roles={me.roles} /> : <NotAllowed />
      break
    case 'exceptions':
      title = 'desk.title'
      body = allowed('office') ? <Exceptions id={route.id} device={device.device_id} me={me.employee_code} roles={me.roles} token={session.token} /> : <NotAllowed />
      break
    case 'print':
      title = SCREEN_LABEL.print
      body = allowed('print') ? <Print warehouse={me.warehouse_code} token={session.token} /> : <NotAllowed />
      break
    case 'pick':
      title = SCREEN_LABEL.pick
      body = allowed('pick')
        ? <Pick device={device.device_id} actor={me.employee_code} warehouse={me.warehouse_code} token={session.token} />
        : <NotAllowed />
      break
    case 'receive':
    case 'qc':
    case 'defects':
    case 'count': {
      const n = route.name
      title = SCREEN_LABEL[n]
      const S = { receive: Receive, qc: Qc, defects: Defects, count: Count }[n]
      body = allowed(n) ? <S warehouse={me.warehouse_code} roles={me.roles} /> : <NotAllowed />
      break
    }
    case 'route':
      title = SCREEN_LABEL.route
      body = allowed('route') ? <RouteList /> : <NotAllowed />
      break
    case 'deliver':
      title = 'courier.deliver'
      body = allowed('route') ? <Deliver eid={route.eid} token={session.token} /> : <NotAllowed />
      break
    case 'crates':
      title = SCREEN_LABEL.crates
      body = allowed('crates') ? <Crates device={device.device_id} roles={me.roles} /> : <NotAllowed />
      break
    case 'ship':
      title = SCREEN_LABEL.ship
      body = allowed('ship') ? <Ship device={device.device_id} roles={me.roles} /> : <NotAllowed />
      break
    default:
      body = role ? (
        <Home role={role} warehouse={me.warehouse_code} token={session.token} screens={screens} />
      ) : (
        <p class="state">{t('home.noRole')}</p>
      )
  }
  const back: Route =
    route.name === 'order' ? { name: 'orders' }
    : route.name === 'exceptions' && route.id !== undefined ? { name: 'exceptions' }
    : route.name === 'deliver' ? { name: 'route' }
    : { name: 'home' }

  return (
    <section class={`screen main route-${route.name}`} data-testid="home" data-role={role} data-route={route.name}>
      <header class="topbar">
        <div class="who">
          <span class="avatar" aria-hidden="true">{me.name.slice(0, 1)}</span>
          <div>
            <div class="who-name" data-testid="who">{me.name}</div>
            <div class="who-meta">{role ? t(`role.${role}`) : me.employee_code} · {me.warehouse_code}</div>
          </div>
        </div>
        <div class="topbar-actions">
          <LangSwitch />
          <button type="button" class="btn btn-ghost" data-testid="switch-user" onClick={() => void switchUser()}>
            {t('home.switchUser')}
          </button>
        </div>
      </header>
      <SyncBar onOpen={() => go({ name: 'ledger' })} onSyncNow={syncNow} />
      <UpdateRequired />
      {route.name === 'home' ? (
        roles.length > 1 && (
          <div class="chips" role="tablist" aria-label={t('home.roleTabs')}>
            {roles.map((r) => (
              <button type="button" role="tab" aria-selected={r === role} class={`chip ${r === role ? 'chip-on' : ''}`} onClick={() => chooseRole(r)}>
                {t(`role.${r}`)}
              </button>
            ))}
          </div>
        )
      ) : (
        <div class="subhead">
          <button type="button" class="btn btn-back" data-testid="back" onClick={() => go(back)} aria-label={t('ledger.back')}>
            <span aria-hidden="true">‹</span> {t('ledger.back')}
          </button>
          {title && <h1>{t(title)}</h1>}
        </div>
      )}
      {body}
    </section>
  )
}

function NotAllowed() {
  const { t } = useI18n()
  return <p class="state" data-testid="not-allowed">{t('home.notAllowed')}</p>
}
