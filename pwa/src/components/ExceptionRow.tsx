import { useI18n } from '../i18n'
import { go } from '../router'
import type { OrderEntry, SyncExceptionRecord } from '../state'
import { formatTime } from '../time'
import { excKindLabel, opKindLabel } from './labels'
import { OrderSummary } from './OrderSummary'

/**
 * One exception with both sides' facts and its order as it is now; tapping it opens the
 * order. Given `device`, that device's facts are marked as "this device" (the ledger);
 * without it, facts name their device.
 */
export function ExceptionRow({ e, entries, testid, device }: {
  e: SyncExceptionRecord; entries?: ReadonlyMap<string, OrderEntry>; testid: string; device?: string
}) {
  const { t, lang } = useI18n()
  const tracking = typeof e.detail?.tracking === 'string' ? e.detail.tracking : ''
  const order = e.etype === 'order' ? entries?.get(e.eid) : undefined
  return (
    <li>
      <button type="button" class="row exc" data-testid={testid} data-kind={e.kind} data-id={e.id} data-tracking={tracking}
        data-eid={e.eid} onClick={() => e.etype === 'order' && go({ name: 'order', eid: e.eid })}>
        <span class="row-main">
          <span class="row-title">{excKindLabel(t, e.kind)}{tracking ? ` · ${tracking}` : ''}</span>
          <span class="row-sub">{t('ledger.order', { order: order?.no ?? e.eid })}</span>
          {e.facts.map((f) => {
            const mine = device !== undefined && f.device === device
            return (
              <span class={`row-sub fact${mine ? ' fact-mine' : ''}`}>
                {t('ledger.sideBy', { kind: opKindLabel(t, f.kind), actor: f.actor, device: mine ? t('ledger.thisDevice') : f.device, time: formatTime(f.wall, lang) })}
              </span>
            )
          })}
          {order && <OrderSummary e={order} />}
        </span>
      </button>
    </li>
  )
}
