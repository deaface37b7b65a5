import { useI18n } from '../i18n'
import { go } from '../router'
import type { OrderSnapshot, SyncExceptionRecord } from '../state'
import { formatTime } from '../time'
import { excKindLabel, opKindLabel, orderNo } from './labels'

/**
 * One exception with both sides' facts; tapping it opens the order. Given `device`, that
 * device's facts are marked as "this device" (the ledger); without it, facts name their device.
 */
export function ExceptionRow({ e, orders, testid, device }: {
  e: SyncExceptionRecord; orders?: Record<string, OrderSnapshot>; testid: string; device?: string
}) {
  const { t, lang } = useI18n()
  const tracking = typeof e.detail?.tracking === 'string' ? e.detail.tracking : ''
  return (
    <li>
      <button type="button" class="row exc" data-testid={testid} data-kind={e.kind} data-id={e.id} data-tracking={tracking}
        onClick={() => e.etype === 'order' && go({ name: 'order', eid: e.eid })}>
        <span class="row-main">
          <span class="row-title">{excKindLabel(t, e.kind)}{tracking ? ` · ${tracking}` : ''}</span>
          <span class="row-sub">{t('ledger.order', { order: e.etype === 'order' ? orderNo(e.eid, orders?.[e.eid]) : e.eid })}</span>
          {e.facts.map((f) => {
            const mine = device !== undefined && f.device === device
            return (
              <span class={`row-sub fact${mine ? ' fact-mine' : ''}`}>
                {t('ledger.sideBy', { kind: opKindLabel(t, f.kind), actor: f.actor, device: mine ? t('ledger.thisDevice') : f.device, time: formatTime(f.wall, lang) })}
              </span>
            )
          })}
        </span>
      </button>
    </li>
  )
}
