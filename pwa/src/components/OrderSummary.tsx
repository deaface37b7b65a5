import { useI18n } from '../i18n'
import type { OrderEntry } from '../state'
import { field, flagText, statusLabel } from './labels'

/** Hold, flagged-note and special marks of an order, as pills (list rows, banners, queues). */
export function OrderMarks({ e, special }: { e: OrderEntry; special?: boolean }) {
  const { t, lang } = useI18n()
  return (
    <>
      {e.order.hold && <span class="pill pill-hold">{t('orders.holdMark')}</span>}
      {e.flag && <span class="pill pill-flag" title={flagText(t, lang, e.flag)}>{t('orders.flagMark')}</span>}
      {special && <span class="pill pill-special">{t('orders.specialMark')}</span>}
    </>
  )
}

/**
 * An order as it is now, in two lines: status and marks, then who and where it goes (the
 * address as customer service last set it) and its live label. The scan banner and the
 * exception queue show it from the same local entry as the order page.
 */
export function OrderSummary({ e }: { e: OrderEntry }) {
  const { t, lang } = useI18n()
  const o = e.order
  const who = [field(o, 'carrier'), e.address.recipient_name].filter(Boolean).join(' · ')
  return (
    <span class="order-summary" data-testid="order-summary" data-eid={e.eid} data-status={o.status} data-hold={String(o.hold)}
      data-address={e.fullAddress} data-tracking={e.liveLabel} data-flag={e.flag?.key ?? ''}>
      <span class="row-sub">
        <span class={`pill pill-status-${o.status}`}>{statusLabel(t, o.status)}</span> <OrderMarks e={e} />
      </span>
      <span class="row-sub">{[who, e.fullAddress].filter(Boolean).join(' · ')}</span>
      {e.flag && <span class="row-sub flag-note">{t('order.flagNote', { note: flagText(t, lang, e.flag) })}</span>}
    </span>
  )
}
