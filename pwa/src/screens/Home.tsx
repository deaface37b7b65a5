import { overviewUrl, type Overview, type Role } from '../api'
import { useI18n, type MessageKey } from '../i18n'
import { dateIn, overviewOf } from '../overview'
import { ROLE_VIEWS, type Screen } from '../roles'
import { go } from '../router'
import { useLocalData } from '../state'
import { useSyncState } from '../syncclient/hooks'
import { syncNow } from '../syncclient/hub'
import { useCached } from '../useCached'
import { NoData } from '../components/StateView'
import { SectionCard } from './Sections'

export const SCREEN_LABEL: Record<Screen, MessageKey> = {
  scan: 'action.scanOut',
  orders: 'action.orders',
  office: 'action.exceptionQueue',
  ledger: 'ledger.open',
  print: 'action.printLabels',
  pick: 'action.pick',
  receive: 'screen.receive',
  qc: 'action.spotCheck',
  defects: 'action.defects',
  count: 'screen.count',
  route: 'courier.route',
  crates: 'action.crates',
  ship: 'action.ship',
}

/** Short labels for the bottom bar: one row of big targets, never a word broken in two. */
const BAR_LABEL: Record<Screen, MessageKey> = {
  ...SCREEN_LABEL,
  office: 'office.exceptions',
  ledger: 'bar.ledger',
  print: 'bar.print',
  crates: 'bar.crates',
}

const ICON: Record<Screen, string> = {
  scan: 'M3 5v14M6 5v14M10 5v14M13 5v14M17 5v14M21 5v14',
  orders: 'M5 4h14v16H5zM8 9h8M8 13h8M8 17h5',
  office: 'M12 3 2 20h20L12 3zM12 10v5M12 17.5v.5',
  ledger: 'M4 4h16v4H4zM4 10h16v4H4zM4 16h16v4H4z',
  print: 'M7 8V3h10v5M7 17H4v-8h16v8h-3M7 14h10v7H7z',
  pick: 'M4 7h16l-1.5 13h-13L4 7zM9 7V5a3 3 0 0 1 6 0v2M9 13l2 2 4-4',
  receive: 'M3 7l9-4 9 4v10l-9 4-9-4zM3 7l9 4 9-4M12 11v10',
  qc: 'M9 12l2 2 4-4M12 3l7 3v6c0 4-3 7-7 9-4-2-7-5-7-9V6z',
  defects: 'M12 3 2 20h20L12 3zM9 12l6 6M15 12l-6 6',
  count: 'M4 4h16v16H4zM8 8h3v3H8zM13 8h3M13 11h3M8 14h8M8 17h8',
  route: 'M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11zM12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  crates: 'M3 7l9-4 9 4v10l-9 4-9-4zM3 7l9 4 9-4M12 11v10',
  ship: 'M2 6h12v10H2zM14 10h4l3 3v3h-7M6 19a2 2 0 1 0 0-.1M17 19a2 2 0 1 0 0-.1',
}

export function ScreenIcon({ screen }: { screen: Screen }) {
  return (
    <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">
      <path d={ICON[screen]} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  )
}

interface Props {
  role: Role
  warehouse: string
  token: string
  /** screens this user may open (union over all their roles) */
  screens: Screen[]
}

/** The role's home: the day's counts from the local replica (offline too), and its work. */
export function Home({ role, warehouse, token, screens }: Props) {
  const { t } = useI18n()
  const local = useLocalData()
  const sync = useSyncState()
  // Warehouse name, time zone and stock figures come from the server; cached for offline.
  const server = useCached<Overview>(overviewUrl(warehouse), token)
  const view = ROLE_VIEWS[role]
  const info = server.data?.warehouse ?? { code: warehouse, name: warehouse, timezone: 'Asia/Shanghai' }
  const hasOrders = local ? Object.keys(local.view.snapshot.orders).length > 0 : false
  // Before the first sync there is nothing to count: say "loading", not "0 orders".
  const ready = local !== undefined && (hasOrders || sync.lastSyncAt !== undefined)
  const data = ready ? overviewOf(local.view.snapshot, info, dateIn(info.timezone), server.data) : undefined
  const mine = view.screens.filter((s) => screens.includes(s))

  return (
    <>
      {data === undefined ? (
        <NoData loading={!sync.error || sync.syncing} onRetry={syncNow} />
      ) : (
        <div class="cards" data-testid="overview">
          <p class="day">{t('home.today', { warehouse: info.name, date: data.date })}</p>
          {view.sections.map((s, i) => (
            <SectionCard key={`${role}-${i}`} section={s} overview={data} />
          ))}
          {view.actions.length > 0 && (
            <article class="card soon">
              <h2>{t('home.comingSoon')}</h2>
              <p class="muted small">{view.actions.map((a) => t(a)).join(' · ')}</p>
            </article>
          )}
        </div>
      )}

      {/* Bottom of the screen: where a thumb reaches on a 360x640 phone. */}
      <nav class={`actions actions-${mine.length}`} aria-label={t('home.actions')}>
        {mine.map((s, i) => (
          <button type="button" class={`btn btn-action ${i === 0 ? 'btn-action-main' : ''}`} data-testid={`go-${s}`}
            onClick={() => go({ name: s })}>
            <ScreenIcon screen={s} />
            <span>{t(BAR_LABEL[s])}</span>
          </button>
        ))}
      </nav>
    </>
  )
}
