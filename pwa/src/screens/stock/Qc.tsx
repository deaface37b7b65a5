// #/qc: today's inspection list — receipts before 18:00 not yet inspected (入库产品未检列表)
// and the seeded 50% spot check (抽检) — with an inspection per SKU: a measure against its
// tolerance, a note, pass or fail. A pass gives the SKU the spot-check mark; a fail moves
// one unit to the defect area (移仓) for the defects screen to return, repair or scrap.
import { useState } from 'preact/hooks'
import { useI18n } from '../../i18n'
import { useLocalData } from '../../state'
import { quality, type StockView, type ValueMap } from '../../sync'
import { Report } from './Report'
import { bare, record, stockOp, today, useNotice, useSkuRows, useStock, useTimezone, type StockProps } from './common'

export function Qc({ warehouse }: StockProps) {
  const { t } = useI18n()
  const stock = useStock(warehouse)
  const tz = useTimezone(warehouse)
  const orders = useLocalData()?.view.snapshot.orders
  const rows = useSkuRows(stock)
  const [open, setOpen] = useState<string | null>(null)
  const { start, cutoff, day } = today(tz)
  const seed = `${warehouse}:${day}`
  if (!stock) return <p class="state">{t('state.loading')}</p>
  const received = quality.uninspected(stock, start, cutoff)
  const sample = quality.spotCheckSample(seed, rows)
  // what was inspected today stays on the list, marked done, after the uninspected first
  const doneToday = Object.keys(stock).filter((eid) => (stock[eid]!.qc?.at ?? -1) >= start)
  const reship = orders ? quality.reshipChecks(orders, stock, warehouse) : []
  const list = [...new Set([...reship, ...received, ...sample, ...doneToday])]
  const isReship = new Set(reship)
  const fromReceipt = new Set(received)
  // the receipt an uninspected SKU came in with, for the per-receipt report
  const receiptOf = new Map<string, string>()
  for (const [eid, s] of Object.entries(stock)) {
    if (s.received && s.received.at >= start) receiptOf.set(quality.splitStock(eid)[0], s.received.receipt)
  }

  return (
    <div class="stk" data-testid="qc-screen">
      <section class="card">
        <h2>{t('qc.draw', { seed })}</h2>
        <p class="muted small" data-testid="qc-size">{t('qc.sampleSize', { n: sample.length })}</p>
        <p class="muted small">{t('receive.uninspected')}: {received.length}</p>
      </section>
      <Report day={day} />
      {list.length === 0 && <p class="state">{t('qc.empty')}</p>}
      <ul class="rows">
        {list.map((sku) => {
          const qc = stock[sku]?.qc
          const done = qc !== undefined && qc.at >= start
          return (
            <li key={sku} class="card stk-item" data-testid="qc-item" data-sku={bare(sku)} data-done={done ? qc.result : ''}>
              <button type="button" class="row static stk-head" onClick={() => setOpen(open === sku ? null : sku)}>
                <span class="row-main">
                  <span class="row-title mono">{bare(sku)}</span>
                  <span class="row-sub">
                    {isReship.has(sku) ? t('qc.reship') : fromReceipt.has(sku) ? t('screen.receive') : t('action.spotCheck')}
                    {done && ` · ${qc.mark ? t('qc.donePass') : t('qc.doneFail')}`}
                  </span>
                </span>
              </button>
              {open === sku && !done && (
                <Inspect sku={sku} stock={stock} draw={fromReceipt.has(sku) ? undefined : seed}
                  receipt={fromReceipt.has(sku) ? receiptOf.get(sku) : undefined} onDone={() => setOpen(null)} />
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}

interface InspectProps {
  sku: string
  stock: Record<string, StockView>
  draw?: string
  receipt?: string
  onDone: () => void
}

function Inspect({ sku, stock, draw, receipt, onDone }: InspectProps) {
  const { t } = useI18n()
  const [value, setValue] = useState('')
  const [target, setTarget] = useState('')
  const [tol, setTol] = useState('')
  const [note, setNote] = useState('')
  const [notice, say] = useNotice()
  const measured = value.trim() !== '' && target.trim() !== ''
  const inTolerance = !measured || quality.measurePasses(Number(value), Number(target), Number(tol || 0))

  const finish = async (pass: boolean) => {
    const checks: ValueMap[] = [{ step: 'visual', ok: pass }]
    // as typed: ops carry no floats (docs/sync-protocol.md §2), so a measure travels as text
    if (measured) checks.push({ step: 'measure', value: value.trim(), target: target.trim(), tolerance: tol.trim() || '0', ok: inTolerance })
    const result = pass && inTolerance ? 'pass' : 'fail'
    const payload: ValueMap = { result, checks }
    if (draw) payload.draw = draw
    if (receipt) payload.receipt = receipt
    if (note.trim()) payload.note = note.trim()
    const ops = [stockOp('qc.inspect', sku, payload)]
    if (result === 'fail') {
      const from = quality.defectSource(stock, sku)
      if (from === null) say(t('qc.noStock'), false)
      else {
        const loc = from.slice(from.indexOf('@') + 1)
        ops.push(stockOp('stock.adjust', from, { delta: -1, reason: `移仓→${quality.DEFECT_AREA}` }))
        ops.push(stockOp('stock.adjust', `${sku}@${quality.DEFECT_AREA}`, { delta: 1, reason: `移仓←${loc}` }))
      }
    }
    await record(...ops)
    onDone()
  }

  return (
    <div class="form stk-inspect" data-testid="qc-form">
      <div class="stk-grid">
        <label>
          <span class="field-label">{t('qc.measure')}</span>
          <input class="big-input" type="number" inputMode="decimal" data-testid="qc-value" value={value}
            onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          <span class="field-label">{t('qc.target')}</span>
          <input class="big-input" type="number" inputMode="decimal" data-testid="qc-target" value={target}
            onInput={(e) => setTarget((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          <span class="field-label">{t('qc.tolerance')}</span>
          <input class="big-input" type="number" inputMode="decimal" data-testid="qc-tol" value={tol}
            onInput={(e) => setTol((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      {!inTolerance && <p class="form-error" role="alert">{t('qc.outOfTolerance')}</p>}
      <label class="field-label" for={`qc-note-${sku}`}>{t('qc.note')}</label>
      <input id={`qc-note-${sku}`} class="big-input" data-testid="qc-note" value={note} maxLength={200}
        onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      <div class="stk-actions">
        <button type="button" class="btn btn-primary" data-testid="qc-pass" disabled={!inTolerance} onClick={() => void finish(true)}>
          {t('qc.pass')}
        </button>
        <button type="button" class="btn btn-danger" data-testid="qc-fail" onClick={() => void finish(false)}>
          {t('qc.fail')}
        </button>
      </div>
      {notice}
    </div>
  )
}
