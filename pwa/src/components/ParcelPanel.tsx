import { useI18n } from '../i18n'
import type { Parcel } from '../scan/parcel'
import type { LocalData } from '../state'
import { shipping } from '../sync'

export type ParcelWait = 'label' | 'items' | 'slip'

/** The parcel being scanned out: each line's packed/expected count (the core's progress),
 * the packing-slip step, and a stop for a parcel that cannot be completed. No force. */
export function ParcelPanel({ parcel, data, promotion, onSlip, onStop, onClear }: {
  parcel: Parcel
  data?: LocalData
  promotion: boolean
  onSlip: () => void
  onStop: () => void
  onClear: () => void
}) {
  const { t } = useI18n()
  if (parcel.tracking === undefined && parcel.early.length === 0) return null
  const order = parcel.eid ? data?.view.snapshot.orders[parcel.eid] : undefined
  const lines = order?.lines ?? {}
  const progress = shipping.itemProgress(lines, parcel.items)
  const complete = parcel.tracking !== undefined && progress.state === 'complete'
  return (
    <section class="card parcel" data-testid="parcel" data-state={parcel.tracking ? progress.state : 'label'}>
      <h2>{parcel.tracking ? t('parcel.title', { tracking: parcel.tracking }) : t('parcel.early', { n: parcel.early.length })}</h2>
      {parcel.tracking !== undefined && (
        <ul class="parcel-lines">
          {Object.keys(lines).sort(shipping.compareSkus).map((sku) => {
            const got = parcel.items[sku] ?? 0
            const want = lines[sku]!
            return (
              <li key={sku} class={got === want ? 'done' : ''} data-testid="parcel-line" data-sku={sku}>
                <span class="mono">{sku}</span>
                <span class="count">{got}/{want}</span>
              </li>
            )
          })}
        </ul>
      )}
      {complete && !promotion && (
        <button type="button" class="btn btn-primary btn-big" data-testid="slip-in" onClick={onSlip}>{t('parcel.slipIn')}</button>
      )}
      {promotion && <p class="muted small" data-testid="promo-mode">{t('parcel.promo')}</p>}
      <div class="parcel-actions">
        {parcel.tracking !== undefined && (
          <button type="button" class="btn btn-danger" data-testid="stop-short" onClick={onStop}>{t('parcel.stopShort')}</button>
        )}
        <button type="button" class="btn btn-ghost" data-testid="parcel-clear" onClick={onClear}>{t('parcel.clear')}</button>
      </div>
    </section>
  )
}
