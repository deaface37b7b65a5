// #/defects: the defect area (次品区). Each SKU there is cleared by a supplier return (退货,
// with its return note), a repair (back to a shelf location, 移仓) or scrap; each is an
// op in the outbox, recorded with its reason, so it works offline and shows in the log.
import { useState } from 'preact/hooks'
import { useI18n } from '../../i18n'
import { quality } from '../../sync'
import { bare, record, stockOp, useNotice, useStock, type StockProps } from './common'

type How = 'return' | 'repair' | 'scrap'

export function Defects({ warehouse }: StockProps) {
  const { t } = useI18n()
  const stock = useStock(warehouse)
  const [to, setTo] = useState<Record<string, string>>({})
  const [notice, say] = useNotice()
  const [doc, setDoc] = useState<string | null>(null)
  if (!stock) return <p class="state">{t('state.loading')}</p>
  const here = Object.entries(stock)
    .filter(([eid, s]) => quality.splitStock(eid)[1] === quality.DEFECT_AREA && s.on_hand > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))

  const clear = async (eid: string, qty: number, how: How) => {
    const sku = quality.splitStock(eid)[0]
    const ops = [stockOp('stock.adjust', eid, { delta: -qty, reason: how })]
    if (how === 'repair') {
      const loc = (to[eid] ?? '').trim().toUpperCase()
      if (!loc || loc === quality.DEFECT_AREA) return say(t('count.bad'), false)
      ops.push(stockOp('stock.adjust', `${sku}@${loc}`, { delta: qty, reason: `移仓←${quality.DEFECT_AREA}` }))
    }
    const [id] = await record(...ops)
    const what = t(`defects.${how}`)
    say(t('defects.done', { what, sku: bare(sku), qty }))
    setDoc(how === 'return' ? t('defects.returnDoc', { id: id ?? '', sku: bare(sku), qty }) : null)
  }

  return (
    <div class="stk" data-testid="defects-screen">
      {notice}
      {doc && <pre class="card stk-doc" data-testid="return-doc">{doc}</pre>}
      {here.length === 0 && <p class="state">{t('defects.empty')}</p>}
      <ul class="rows">
        {here.map(([eid, s]) => (
          <li key={eid} class="card stk-item" data-testid="defect" data-eid={eid} data-qty={s.on_hand}>
            <div class="row-title mono">{bare(quality.splitStock(eid)[0])} × {s.on_hand}</div>
            <div class="stk-actions">
              <button type="button" class="btn btn-small" data-testid="defect-return" onClick={() => void clear(eid, s.on_hand, 'return')}>
                {t('defects.return')}
              </button>
              <button type="button" class="btn btn-small" data-testid="defect-scrap" onClick={() => void clear(eid, s.on_hand, 'scrap')}>
                {t('defects.scrap')}
              </button>
            </div>
            <div class="stk-repair">
              <input class="big-input mono" aria-label={t('defects.repairTo')} placeholder={t('defects.repairTo')} value={to[eid] ?? ''}
                onInput={(e) => setTo({ ...to, [eid]: (e.target as HTMLInputElement).value })} />
              <button type="button" class="btn btn-small" data-testid="defect-repair" onClick={() => void clear(eid, s.on_hand, 'repair')}>
                {t('defects.repair')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  )
}
