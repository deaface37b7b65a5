// #/count: a blind count (盘点) of one location, offline; the manager's difference list
// (帐实相符) with accept; and the SKUs to delist (缺货产品及时下架).
import { useState } from 'preact/hooks'
import { useI18n } from '../../i18n'
import { may, quality } from '../../sync'
import { bare, record, stockOp, useNotice, useSkuRows, useStock, type StockProps } from './common'

export function Count({ warehouse, roles }: StockProps) {
  const { t } = useI18n()
  const stock = useStock(warehouse)
  const [loc, setLoc] = useState('')
  const [sku, setSku] = useState('')
  const [qty, setQty] = useState('')
  // a cycle count (循环盘点) of a few locations or a full count (全盘): the session groups them
  const [kind, setKind] = useState<'cycle' | 'full'>('cycle')
  const [notice, say] = useNotice()
  const manager = may(roles, 'stock.count_accept')
  const rows = useSkuRows(stock)

  const submit = async (e: Event) => {
    e.preventDefault()
    const n = Number(qty)
    const l = loc.trim().toUpperCase()
    const s = sku.trim().toUpperCase()
    if (!l || !s || qty.trim() === '' || !Number.isInteger(n) || n < 0) return say(t('count.bad'), false)
    const session = `${kind}-${new Date().toISOString().slice(0, 10)}`
    await record(stockOp('stock.count', `${warehouse}:${s}@${l}`, { qty: n, session }))
    say(t('count.recorded', { sku: s, loc: l, qty: n }))
    setSku('')
    setQty('')
  }
  const diffs = stock ? quality.countDifferences(stock) : []
  // the catalogue's shelf stock counts too, or every SKU with only an inspection op would look empty
  const out = stock ? quality.delist(rows) : []

  return (
    <div class="stk" data-testid="count-screen">
      <form class="card form" onSubmit={(e) => void submit(e)}>
        <div class="chips" role="radiogroup" aria-label={t('screen.count')}>
          {(['cycle', 'full'] as const).map((k) => (
            <button type="button" role="radio" aria-checked={kind === k} class={`chip ${kind === k ? 'chip-on' : ''}`}
              data-testid={`count-kind-${k}`} onClick={() => setKind(k)}>
              {t(k === 'cycle' ? 'count.cycle' : 'count.full')}
            </button>
          ))}
        </div>
        <p class="muted small">{t('count.blind')}</p>
        <label class="field-label" for="count-loc">{t('count.location')}</label>
        <input id="count-loc" class="big-input mono" data-testid="count-loc" value={loc} autocomplete="off" spellcheck={false}
          onInput={(e) => setLoc((e.target as HTMLInputElement).value)} />
        <label class="field-label" for="count-sku">{t('count.sku')}</label>
        <input id="count-sku" class="big-input mono" data-testid="count-sku" value={sku} autocomplete="off" spellcheck={false}
          onInput={(e) => setSku((e.target as HTMLInputElement).value)} />
        <label class="field-label" for="count-qty">{t('count.qty')}</label>
        <input id="count-qty" class="big-input" data-testid="count-qty" type="number" inputMode="numeric" min={0} value={qty}
          onInput={(e) => setQty((e.target as HTMLInputElement).value)} />
        <button type="submit" class="btn btn-primary btn-block" data-testid="count-submit">{t('count.submit')}</button>
        {notice}
      </form>

      <section class="card" aria-labelledby="diffs-h" data-testid="count-diffs">
        <h2 id="diffs-h">{t('count.diffs')}</h2>
        {diffs.length === 0 ? (
          <p class="muted">{t('count.none')}</p>
        ) : (
          <ul class="rows">
            {diffs.map((d) => (
              <li key={d.id} class="row static stk-diff" data-testid="count-diff" data-eid={d.eid} data-diff={d.diff}>
                <span class="row-main">
                  <span class="row-title mono">{bare(d.eid)}</span>
                  <span class="row-sub">
                    {t('count.book')} {d.book} · {t('count.counted')} {d.qty} · {t('count.diff')}{' '}
                    <b class={d.diff < 0 ? 'neg' : 'pos'}>{d.diff > 0 ? `+${d.diff}` : d.diff}</b>
                  </span>
                </span>
                {manager && (
                  <button type="button" class="btn btn-small" data-testid="count-accept"
                    onClick={() => void record(stockOp('stock.count_accept', d.eid, { count: d.id }))}>
                    {t('count.accept')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="delist-h" data-testid="count-delist">
        <h2 id="delist-h">{t('count.delist')}</h2>
        {out.length === 0 ? <p class="muted">{t('count.noDelist')}</p> : (
          <ul class="stk-chips">{out.map((s) => <li key={s} class="mono" data-testid="delist-sku">{bare(s)}</li>)}</ul>
        )}
      </section>
    </div>
  )
}
