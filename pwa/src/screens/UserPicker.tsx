import { useMemo, useState } from 'preact/hooks'
import { ROLES, usersUrl, type DemoUser, type Role } from '../api'
import { useI18n } from '../i18n'
import { useCached } from '../useCached'
import { LangSwitch } from '../components/LangSwitch'
import { NetStatus } from '../components/NetStatus'
import { NoData } from '../components/StateView'
import { userRoles } from '../session'

interface Props {
  onPick: (user: DemoUser) => void
}

export function UserPicker({ onPick }: Props) {
  const { t } = useI18n()
  const users = useCached<DemoUser[]>(usersUrl())
  const [filter, setFilter] = useState<Role | 'all'>('all')

  const list = users.data ?? []
  // Only offer filters for roles someone actually has.
  const present = useMemo(() => ROLES.filter((r) => list.some((u) => u.roles.includes(r))), [list])
  const shown = filter === 'all' ? list : list.filter((u) => u.roles.includes(filter))

  return (
    <section class="screen picker" data-testid="user-picker">
      <header class="topbar">
        <div class="brand">
          <img src="/logo.svg" alt="" width="32" height="32" />
          <span>{t('app.name')}</span>
        </div>
        <LangSwitch />
      </header>
      <NetStatus updatedAt={users.updatedAt} refreshing={users.refreshing} />

      <div class="picker-head">
        <h1>{t('picker.title')}</h1>
        <p class="muted">{t('picker.subtitle')}</p>
      </div>

      {users.data === undefined ? (
        <NoData loading={!users.cacheChecked || (users.refreshing && !users.error)} onRetry={users.refresh} />
      ) : (
        <>
          {present.length > 1 && (
            <div class="chips" role="tablist" aria-label={t('home.roleTabs')}>
              {(['all', ...present] as const).map((r) => (
                <button
                  type="button"
                  role="tab"
                  aria-selected={filter === r}
                  class={`chip ${filter === r ? 'chip-on' : ''}`}
                  onClick={() => setFilter(r)}
                >
                  {r === 'all' ? t('picker.all') : t(`role.${r}`)}
                </button>
              ))}
            </div>
          )}
          <ul class="user-list">
            {shown.map((u) => (
              <li key={u.employee_code}>
                <button type="button" class="user-item" data-testid="user-item" data-code={u.employee_code} onClick={() => onPick(u)}>
                  <span class="avatar" aria-hidden="true">{u.name.slice(0, 1)}</span>
                  <span class="user-main">
                    <span class="user-name">{u.name}</span>
                    <span class="user-roles">{userRoles(u).map((r) => t(`role.${r}`)).join(' · ')}</span>
                  </span>
                  <span class="user-meta">
                    <span>{u.employee_code}</span>
                    <span>{t('picker.warehouse', { code: u.warehouse_code })}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {shown.length === 0 && <p class="state">{t('picker.empty')}</p>}
        </>
      )}
      <p class="footnote muted">{t('picker.note')}</p>
    </section>
  )
}
