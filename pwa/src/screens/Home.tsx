import { overviewUrl, type DemoUser, type Overview, type Role } from '../api'
import { useI18n } from '../i18n'
import { useCached } from '../useCached'
import { ROLE_VIEWS } from '../roles'
import { userRoles } from '../session'
import { LangSwitch } from '../components/LangSwitch'
import { NetStatus } from '../components/NetStatus'
import { NoData } from '../components/StateView'
import { SectionCard } from './Sections'

interface Props {
  user: DemoUser
  role: Role
  onRole: (r: Role) => void
  onSwitchUser: () => void
}

export function Home({ user, role, onRole, onSwitchUser }: Props) {
  const { t } = useI18n()
  const ov = useCached<Overview>(overviewUrl(user.warehouse_code))
  const view = ROLE_VIEWS[role]
  const roles = userRoles(user)
  const data = ov.data

  return (
    <section class="screen home" data-testid="home" data-role={role}>
      <header class="topbar">
        <div class="who">
          <span class="avatar" aria-hidden="true">{user.name.slice(0, 1)}</span>
          <div>
            <div class="who-name">{user.name}</div>
            <div class="who-meta" title={data?.warehouse.name}>
              {t(`role.${role}`)} · {user.warehouse_code}
            </div>
          </div>
        </div>
        <div class="topbar-actions">
          <LangSwitch />
          <button type="button" class="btn btn-ghost" data-testid="switch-user" onClick={onSwitchUser}>
            {t('home.switchUser')}
          </button>
        </div>
      </header>
      <NetStatus updatedAt={ov.updatedAt} refreshing={ov.refreshing} onRefresh={ov.refresh} />

      {roles.length > 1 && (
        <div class="chips" role="tablist" aria-label={t('home.roleTabs')}>
          {roles.map((r) => (
            <button type="button" role="tab" aria-selected={r === role} class={`chip ${r === role ? 'chip-on' : ''}`} onClick={() => onRole(r)}>
              {t(`role.${r}`)}
            </button>
          ))}
        </div>
      )}

      {data === undefined ? (
        <NoData loading={!ov.cacheChecked || (ov.refreshing && !ov.error)} onRetry={ov.refresh} />
      ) : (
        <div class="cards" data-testid="overview">
          <p class="day">{t('home.today', { warehouse: data.warehouse.name, date: data.date })}</p>
          {view.sections.map((s, i) => (
            <SectionCard key={`${role}-${i}`} section={s} overview={data} />
          ))}
        </div>
      )}

      {/* Bottom of the screen: where a thumb reaches on a 360x640 phone. */}
      <footer class="actions" aria-label={t('home.actions')}>
        {view.actions.map((a) => (
          <button type="button" class="btn btn-action" disabled title={t('home.comingSoon')}>
            <span>{t(a)}</span>
            <small>{t('home.comingSoon')}</small>
          </button>
        ))}
      </footer>
    </section>
  )
}
