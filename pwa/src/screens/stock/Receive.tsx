// #/receive: receiving (入库) on the handheld, offline. A receipt is entered (supplier and
// expected lines, typed or pasted from the supplier's list), items are scanned (a wedge
// scanner types the code and Enter), the screen warns on over- or under-receipt per line,
// and "receive" puts the scanned quantities away at a location as `stock.receive` ops,
// which put them on today's uninspected list (入库产品未检列表) when before 18:00.
import { useRef, useState } from 'preact/hooks'
import { useI18n } from '../../i18n'
import { quality } from '../../sync'
import { bare, record, stockOp, today, useNotice, useStock, useTimezone, type StockProps } from './common'

/** "SKU qty" lines (qty defaults to 1); blank lines skipped; repeated SKUs add up. */
export function parseLines(text: string): Map<string, number> | null {
  const out = new Map<string, number>()
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line) continue
    const [sku, n = '1'] = line.split(/[\s,，\t]+/)
    const q = Number(n)
    if (!sku || !Number.isInteger(q) || q < 1) return null
    const k = sku.toUpperCase()
    out.set(k, (out.get(k) ?? 0) + q)
  }
  return out.size > 0 ? out : null
}

export function Receive({ warehouse }: StockProps) {
  const { t } = useI18n()
  const stock = useStock(warehouse)
  const tz = useTimezone(warehouse)
  const [supplier, setSupplier] = useState('')
  const [text, setText] = useState('')
  const [expected, setExpected] = useState<Map<string, number> | null>(null)
  const [got, setGot] = useState<Map<string, number>>(new Map())
  const [code, setCode] = useState('')
  const [loc, setLoc] = useState('')
  const [ref, setRef] = useState('')
  const [notice, say] = useNotice()
  const scan = useRef<HTMLInputElement>(null)
  const { start, cutoff } = today(tz)

  const begin = (e: Event) => {
    e.preventDefault()
    const lines = parseLines(text)
    if (!supplier.trim() || !lines) return say(t('receive.bad'), false)
    setExpected(lines)
    setGot(new Map())
    setRef(`R-${Date.now().toString(36).toUpperCase()}`)
  }
  const onScan = (e: Event) => {
    e.preventDefault()
    const k = code.trim().toUpperCase()
    setCode('')
    if (!k) return
    const next = new Map(got)
    next.set(k, (next.get(k) ?? 0) + 1)
    setGot(next)
    scan.current?.focus()
  }
  const finish = async () => {
    const l = loc.trim().toUpperCase()
    if (!l || got.size === 0) return say(t('count.bad'), false)
    const ops = [...got].map(([sku, qty]) =>
      stockOp('stock.receive', `${warehouse}:${sku}@${l}`, { qty, receipt: ref, supplier: supplier.trim() }))
    await record(...ops)
    const n = [...got.values()].reduce((a, b) => a + b, 0)
    say(t('receive.done', { n }))
    setExpected(null)
    setText('')
    setGot(new Map())
  }
  const pending = stock ? quality.uninspected(stock, start, cutoff) : []
  const skus = expected ? [...new Set([...expected.keys(), ...got.keys()])] : []

  return (
    <div class="stk" data-testid="receive-screen">
      {!expected ? (
        <form class="card form" onSubmit={begin}>
          <label class="field-label" for="rc-sup">{t('receive.supplier')}</label>
          <input id="rc-sup" class="big-input" data-testid="receive-supplier" value={supplier}
            onInput={(e) => setSupplier((e.target as HTMLInputElement).value)} />
          <label class="field-label" for="rc-lines">{t('receive.lines')}</label>
          <textarea id="rc-lines" class="big-input stk-lines mono" data-testid="receive-lines" rows={4} value={text}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
          <button type="submit" class="btn btn-primary btn-block" data-testid="receive-start">{t('receive.start')}</button>
        </form>
      ) : (
        <section class="card form">
          <h2 class="mono">{ref} · {supplier}</h2>
          <form class="stk-repair" onSubmit={onScan}>
            <input ref={scan} class="big-input mono" data-testid="receive-scan" placeholder={t('receive.scan')} aria-label={t('receive.scan')}
              value={code} autocomplete="off" spellcheck={false} enterkeyhint="go" onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
            <button type="submit" class="btn btn-small">OK</button>
          </form>
          <ul class="rows">
            {skus.map((sku) => {
              const want = expected.get(sku) ?? 0
              const have = got.get(sku) ?? 0
              const off = have - want
              return (
                <li key={sku} class={`row static ${off === 0 ? '' : 'exc'}`} data-testid="receive-line" data-sku={sku} data-off={off}>
                  <span class="row-main">
                    <span class="row-title mono">{sku}</span>
                    <span class={`row-sub ${off === 0 ? '' : 'alert'}`}>
                      {have} / {want} · {off === 0 ? t('receive.ok') : off > 0 ? t('receive.over', { n: off }) : t('receive.under', { n: -off })}
                    </span>
                  </span>
                </li>
              )
            })}
          </ul>
          <label class="field-label" for="rc-loc">{t('receive.location')}</label>
          <input id="rc-loc" class="big-input mono" data-testid="receive-loc" value={loc}
            onInput={(e) => setLoc((e.target as HTMLInputElement).value)} />
          <button type="button" class="btn btn-primary btn-block" data-testid="receive-finish" onClick={() => void finish()}>
            {t('receive.finish')}
          </button>
        </section>
      )}
      {notice}
      <section class="card" data-testid="receive-uninspected">
        <h2>{t('receive.uninspected')}</h2>
        {pending.length === 0 ? <p class="muted">{t('receive.noneUninspected')}</p> : (
          <ul class="stk-chips">{pending.map((s) => <li key={s} class="mono">{bare(s)}</li>)}</ul>
        )}
      </section>
    </div>
  )
}
