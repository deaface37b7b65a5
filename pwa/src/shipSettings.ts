// The warehouse's shipping settings as this device last heard them (they come with the
// overview, cached for offline use): promotion mode, crate handoff slots, UTC offset.
// Absent (never online yet): the core's defaults.
import { overviewUrl, type Overview } from './api'
import { useAuth } from './authstate'
import { shipping } from './sync'
import { useCached } from './useCached'

export interface ShipSettings {
  promotion: boolean
  crateSlots: readonly string[]
  offsetMin: number
}

export function useShipSettings(): ShipSettings {
  const auth = useAuth()
  const ready = auth.phase === 'ready'
  const url = ready ? overviewUrl(auth.session.me.warehouse_code) : null
  const o = useCached<Overview>(url, ready ? auth.session.token : undefined).data?.warehouse
  return {
    promotion: o?.promotion === true,
    crateSlots: o?.crate_handoffs ?? shipping.CRATE_SLOTS,
    offsetMin: o?.utc_offset_min ?? 480,
  }
}
