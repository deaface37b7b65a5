// Out-of-stock SKUs to delist (缺货产品及时下架), shown where customer service and
// operations work (the office view), so they are told as soon as this device knows: the
// rule is the core's (quality.delist over the catalogue rows plus the ops).
import { getAuth } from '../../authstate'
import { useI18n } from '../../i18n'
import { bare, useSkuRows, useStock } from './common'
import { quality } from '../../sync'

export function DelistCard() {
  const { t } = useI18n()
  const auth = getAuth()
  const warehouse = auth.phase === 'ready' ? auth.session.me.warehouse_code : ''
  const stock = useStock(warehouse)
  const rows = useSkuRows(stock)
  const out = stock ? quality.delist(rows) : []
  if (out.length === 0) return null
  return (
    <section class="card stk-delist" data-testid="office-delist" data-count={out.length}>
      <h2>{t('count.delist')}</h2>
      <ul class="stk-chips">{out.slice(0, 30).map((s) => <li key={s} class="mono">{bare(s)}</li>)}</ul>
      {out.length > 30 && <p class="muted small">+{out.length - 30}</p>}
    </section>
  )
}
