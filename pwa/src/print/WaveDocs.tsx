// One wave's A4 document, assembled from the local replica and the cached SKU references (and,
// for the handoff sheet, the cached signatures): what prints when the server is unreachable.
import type { RefObject } from 'preact'
import { useEffect, useMemo } from 'preact/hooks'
import { useI18n } from '../i18n'
import type { Snapshot } from '../state'
import { useCached } from '../useCached'
import { orderNos, packingSlips, pickList, pickListId, sortList, waveOrders, type SkuRef } from './docs'
import { HandoffSheetDoc, PackingSlipDoc, PickListDoc, SortListDoc, type DocKind } from './ListDocs'
import { handoffsUrl, type HandoffOut, type WaveMeta } from './waves'
import { localSignatures, mergeHandoffs } from '../pick/handoff'
import { useLocalData } from '../state'

interface Props {
  kind: DocKind
  snapshot: Snapshot
  meta: WaveMeta
  refs: ReadonlyMap<string, SkuRef>
  warehouse: string
  timezone: string
  token: string
  /** packing slips shown at once (one A4 page each) */
  limit: number
  onMore: () => void
  sheet: RefObject<HTMLDivElement | null>
}

const A4_PX = (210 * 96) / 25.4

/** Scale the A4 preview down to the sheet's width (a phone, the 720 px app column). */
function useFitA4(sheet: RefObject<HTMLDivElement | null>, shown: boolean) {
  useEffect(() => {
    const el = sheet.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const fit = () => {
      const style = getComputedStyle(el)
      const inner = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      el.style.setProperty('--doc-zoom', String(Math.min(1, Math.max(0.3, inner / A4_PX))))
    }
    fit()
    const ro = new ResizeObserver(fit)
    ro.observe(el)
    return () => ro.disconnect()
  }, [sheet, shown])
}

export function WaveDocs({ kind, snapshot, meta, refs, warehouse, timezone, token, limit, onMore, sheet }: Props) {
  const { t } = useI18n()
  const orders = useMemo(() => waveOrders(snapshot, meta.code), [snapshot, meta.code])
  useFitA4(sheet, orders.length > 0)
  const handoffs = useCached<HandoffOut[]>(kind === 'handoff-sheet' ? handoffsUrl(meta.code) : null, token)
  // Signatures made by scanning the list (pick.sign ops) show as soon as they are synced here.
  const local = useLocalData()
  const signed = useMemo(
    () => (kind === 'handoff-sheet' && local
      ? mergeHandoffs(handoffs.data ?? [], localSignatures(local.view, snapshot, meta.code, meta.startedBy))
      : handoffs.data ?? []),
    [kind, local, snapshot, meta, handoffs.data],
  )
  const slips = useMemo(() => (kind === 'packing-slips' ? packingSlips(orders, refs) : []), [kind, orders, refs])
  const body = useMemo(() => {
    switch (kind) {
      case 'pick-list':
        return <PickListDoc pick={pickList(meta.code, orders, refs)} wave={meta} warehouse={warehouse} />
      case 'sort-list':
        return <SortListDoc sort={sortList(meta.code, orders, refs)} wave={meta} warehouse={warehouse} />
      case 'packing-slips':
        return slips.slice(0, limit).map((s) => <PackingSlipDoc key={s.eid} slip={s} warehouse={warehouse} printedAt={meta.printedAt} />)
      case 'handoff-sheet':
        return (
          <HandoffSheetDoc wave={meta} warehouse={warehouse} timezone={timezone} pickListId={pickListId(meta.code)}
            orderNos={orderNos(orders)} handoffs={signed} />
        )
    }
  }, [kind, meta, orders, refs, warehouse, timezone, slips, limit, signed])

  if (orders.length === 0) return <p class="state" data-testid="print-empty-wave">{t('print.emptyWave')}</p>
  return (
    <>
      {kind === 'packing-slips' && (
        <p class="muted small" data-testid="print-count" data-count={slips.length}>
          {t('print.slipCount', { n: slips.length })}
          {slips.length > limit && ` · ${t('print.showing', { n: limit })}`}
        </p>
      )}
      <div class="print-sheet" ref={sheet} data-testid="print-sheet" data-wave={meta.code} data-orders={orders.length}>
        {body}
      </div>
      {kind === 'packing-slips' && slips.length > limit && (
        <button type="button" class="btn btn-small btn-block print-more" data-testid="print-more" onClick={onMore}>{t('orders.more')}</button>
      )}
    </>
  )
}
