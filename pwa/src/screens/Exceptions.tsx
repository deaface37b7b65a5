import { useEffect, useMemo, useState } from 'preact/hooks'
import { devicesUrl, type DeviceInfo, type StaffEntry } from '../auth'
import { useCached } from '../useCached'
import { getCached } from '../cache'
import { useI18n, type MessageKey } from '../i18n'
import { go } from '../router'
import { useLocalData, type SyncExceptionRecord } from '../state'
import { may, rules } from '../sync'
import { OUTCOMES } from '../sync/kinds'
import type { DeskView } from '../sync/deskFold'
import { recordOp } from '../syncclient/hub'
import { formatTime } from '../time'
import { excKindLabel, opKindLabel } from '../components/labels'
import { NoData } from '../components/StateView'

// The exception desk 异常 (route #/exceptions, one exception at #/exceptions/<id>): the open
// queue with filters, both sides' facts by name, and the desk's actions. Every action is an
// op (sync/deskFold.ts) recorded like any other, offline too; who may do what is the core's
// table (sync/permissions.ts), and a resolved exception leaves the queue on every device.

const AGES = [0, 1, 4, 24] as const // hours: all, older than 1 h, 4 h, a day
type Filters = { kind: string; carrier: string; age: number; assignee: string; cs: string }
const ALL: Filters = { kind: '', carrier: '', age: 0, assignee: '', cs: '' }

/** Names of the warehouse's staff, as the sign-in screen cached them (works offline). */
function useStaffNames(device: string): Map<string, string> {
  const [names, setNames] = useState(new Map<string, string>())
  useEffect(() => {
    void getCached<StaffEntry[]>(`/api/auth/staff#${device}`).then((hit) => {
      if (hit) setNames(new Map(hit.value.map((s) => [s.employee_code, s.name])))
    })
  }, [device])
  return names
}

/** Labels of the detail keys the core's checks write (sync/invariants.py, sync/rules.py). */
const DETAIL: Record<string, MessageKey> = {
  tracking: 'desk.detail.tracking', sku: 'desk.detail.sku', expected: 'desk.detail.expected', actual: 'desk.detail.actual',
}

const firstWall = (e: SyncExceptionRecord) => Math.min(...e.facts.map((f) => f.wall))

export function Exceptions({ id, device, me, roles, token, now = Date.now }: {
  id?: string; device: string; me: string; roles: string[]; token: string; now?: () => number
}) {
  const { t } = useI18n()
  const data = useLocalData()
  const names = useStaffNames(device)
  // Device names: the device list is the office's (GET /api/devices, managers only; cached
  // for offline). Others see the device id.
  const office = roles.includes('manager') || roles.includes('admin')
  const devices = useCached<DeviceInfo[]>(office ? devicesUrl : null, token)
  const deviceName = (d: string) => {
    const label = devices.data?.find((x) => x.device_id === d)?.label
    return d === device ? t('ledger.thisDevice') : label ? `${label} (${d})` : d
  }
  const [f, setF] = useState<Filters>(ALL)
  const who = (code: string) => (names.get(code) ? `${names.get(code)} (${code})` : code)
  const carrierOf = (e: SyncExceptionRecord) => {
    const o = e.etype === 'order' ? data?.view.entries.get(e.eid)?.order : undefined
    return o ? rules.carrierKey(o.fields) : ''
  }
  const open = data?.view.exceptions ?? []
  const rows = useMemo(() => {
    const at = now()
    return open.filter((e) => {
      const d = data?.view.desk.get(e.id)
      if (f.kind && e.kind !== f.kind) return false
      if (f.carrier && carrierOf(e) !== f.carrier) return false
      if (f.age && at - firstWall(e) < f.age * 3_600_000) return false
      if (f.assignee === '-' ? d?.assignee : f.assignee && d?.assignee !== f.assignee) return false
      if (f.cs && !d?.trail.some((x) => x.kind === 'exception.notify_cs')) return false
      return true
    })
  }, [data, f])
  if (!data) return <NoData loading onRetry={() => {}} />
  if (id !== undefined) {
    const e = open.find((x) => x.id === id)
    return <Detail id={id} e={e} desk={data.view.desk.get(id)} who={who} deviceName={deviceName} roles={roles} me={me} orderNo={e ? data.view.entries.get(e.eid)?.no : undefined} />
  }
  const kinds = [...new Set(open.map((e) => e.kind))].sort()
  const carriers = [...new Set(open.map(carrierOf).filter(Boolean))].sort()
  const assignees = [...new Set([...data.view.desk.values()].map((d) => d.assignee).filter((a): a is string => !!a))].sort()
  const sel = (k: keyof Filters, label: MessageKey, opts: [string, string][]) => (
    <label class="desk-filter">
      <span>{t(label)}</span>
      <select data-testid={`desk-filter-${k}`} value={String(f[k])}
        onChange={(ev) => {
          const v = (ev.target as HTMLSelectElement).value
          setF({ ...f, [k]: k === 'age' ? Number(v) : v })
        }}>
        {opts.map(([v, text]) => <option value={v}>{text}</option>)}
      </select>
    </label>
  )
  return (
    <div class="desk" data-testid="desk">
      <div class="desk-filters">
        {sel('kind', 'desk.kind', [['', t('desk.any')], ...kinds.map((k): [string, string] => [k, excKindLabel(t, k)])])}
        {sel('carrier', 'desk.carrier', [['', t('desk.any')], ...carriers.map((c): [string, string] => [c, c])])}
        {sel('age', 'desk.age', AGES.map((h): [string, string] => [String(h), h ? t('desk.olderThan', { h }) : t('desk.any')]))}
        {sel('assignee', 'desk.assignee', [['', t('desk.any')], ['-', t('desk.unassigned')], ...assignees.map((a): [string, string] => [a, who(a)])])}
        {sel('cs', 'desk.csFilter', [['', t('desk.any')], ['told', t('desk.op.exception.notify_cs')]])}
      </div>
      <p class="muted small" data-testid="desk-count" data-count={rows.length}>{t('desk.count', { n: rows.length })}</p>
      <ul class="rows" data-testid="desk-list" data-count={rows.length}>
        {rows.map((e) => {
          const d = data.view.desk.get(e.id)
          const no = e.etype === 'order' ? data.view.entries.get(e.eid)?.no ?? e.eid : e.eid
          return (
            <li key={e.id}>
              <button type="button" class="row exc" data-testid="desk-row" data-id={e.id} data-kind={e.kind}
                onClick={() => go({ name: 'exceptions', id: e.id })}>
                <span class="row-main">
                  <span class="row-title">{excKindLabel(t, e.kind)} · {no}</span>
                  <span class="row-sub">{t('desk.since', { time: formatTime(firstWall(e), 'zh-CN') })}{carrierOf(e) ? ` · ${carrierOf(e)}` : ''}</span>
                  <span class="row-sub">{d?.assignee ? t('desk.assignedTo', { who: who(d.assignee) }) : t('desk.unassigned')}</span>
                </span>
              </button>
            </li>
          )
        })}
        {rows.length === 0 && <li class="state">{t('office.none')}</li>}
      </ul>
    </div>
  )
}

function Detail({ id, e, desk, who, deviceName, roles, me, orderNo }: {
  id: string; e?: SyncExceptionRecord; desk?: DeskView; who: (c: string) => string; deviceName: (d: string) => string
  roles: string[]; me: string; orderNo?: string
}) {
  const { t, lang } = useI18n()
  const [text, setText] = useState('')
  const [outcome, setOutcome] = useState('')
  const [busy, setBusy] = useState(false)
  const act = async (kind: string, payload: Record<string, string>) => {
    setBusy(true)
    try {
      await recordOp({ kind, etype: 'exception', eid: id, payload })
      setText('')
    } finally {
      setBusy(false)
    }
  }
  const note = text.trim()
  const resolved = desk?.resolved
  return (
    <div class="desk-detail" data-testid="desk-detail" data-id={id} data-state={resolved ? 'resolved' : e ? 'open' : 'gone'}>
      <article class="card">
        {/* a record id starts with its kind (sync/invariants.py), so a resolved one still says what it was */}
        <h2>{excKindLabel(t, e?.kind ?? id.split(':')[0]!)}{orderNo ? ` · ${orderNo}` : ''}</h2>
        {resolved && (
          <p class="ok-note" data-testid="desk-resolved">
            {t('desk.resolvedBy', { outcome: t(`desk.outcome.${String(resolved.outcome)}` as MessageKey), who: who(String(resolved.actor)), time: formatTime(Number(resolved.wall), lang) })}
          </p>
        )}
        {e && (
          <ol class="rows" data-testid="desk-facts">
            {e.facts.map((x) => (
              <li class="row-sub fact" data-testid="desk-fact" data-actor={x.actor}>
                {t('ledger.sideBy', { kind: opKindLabel(t, x.kind), actor: who(x.actor), device: deviceName(x.device), time: formatTime(x.wall, lang) })}
              </li>
            ))}
          </ol>
        )}
        {e && Object.keys(e.detail).length > 0 && (
          <dl class="kv">{Object.entries(e.detail).map(([k, v]) => <><dt>{DETAIL[k] ? t(DETAIL[k]) : k}</dt><dd>{String(v)}</dd></>)}</dl>
        )}
        {e?.etype === 'order' && <button type="button" class="btn btn-small" onClick={() => go({ name: 'order', eid: e.eid })}>{t('desk.openOrder')}</button>}
      </article>
      {desk && desk.trail.length > 0 && (
        <article class="card">
          <h2>{t('desk.trail')}</h2>
          <ol class="rows" data-testid="desk-trail">
            {desk.trail.map((ev) => (
              <li class="row-sub" data-testid="desk-event" data-kind={String(ev.kind)}>
                {formatTime(Number(ev.wall), lang)} · {who(String(ev.actor))} · {t(`desk.op.${String(ev.kind)}` as MessageKey)}
                {ev.to ? ` → ${who(String(ev.to))}` : ''}{ev.outcome ? ` · ${t(`desk.outcome.${String(ev.outcome)}` as MessageKey)}` : ''}{ev.text ? ` · ${String(ev.text)}` : ''}
              </li>
            ))}
          </ol>
        </article>
      )}
      {!resolved && e && (
        <article class="card desk-actions">
          <textarea class="big-input" data-testid="desk-text" rows={2} maxLength={500} placeholder={t('desk.textHint')} value={text}
            onInput={(ev) => setText((ev.target as HTMLTextAreaElement).value)} />
          <div class="desk-buttons">
            {may(roles, 'exception.assign') && desk?.assignee !== me && (
              <button type="button" class="btn btn-small" data-testid="desk-assign-me" disabled={busy} onClick={() => void act('exception.assign', { to: me })}>{t('desk.assignMe')}</button>
            )}
            {may(roles, 'exception.note') && (
              <button type="button" class="btn btn-small" data-testid="desk-note" disabled={busy || !note} onClick={() => void act('exception.note', { text: note })}>{t('desk.note')}</button>
            )}
            {may(roles, 'exception.notify_cs') && (
              <button type="button" class="btn btn-small" data-testid="desk-notify" disabled={busy} onClick={() => void act('exception.notify_cs', note ? { text: note } : {})}>{t('desk.notify')}</button>
            )}
          </div>
          {may(roles, 'exception.resolve') && (
            <div class="desk-resolve">
              <select data-testid="desk-outcome" value={outcome} onChange={(ev) => setOutcome((ev.target as HTMLSelectElement).value)}>
                <option value="">{t('desk.chooseOutcome')}</option>
                {[...OUTCOMES].map((o) => <option value={o}>{t(`desk.outcome.${o}` as MessageKey)}</option>)}
              </select>
              <button type="button" class="btn btn-primary" data-testid="desk-resolve" disabled={busy || !outcome}
                onClick={() => void act('exception.resolve', note ? { outcome, text: note } : { outcome })}>{t('desk.resolve')}</button>
            </div>
          )}
        </article>
      )}
    </div>
  )
}
