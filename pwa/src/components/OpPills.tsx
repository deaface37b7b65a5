import { useI18n } from '../i18n'
import type { OpState, SyncExceptionRecord } from '../state'
import { excKindLabel } from './labels'

/** An op's sync state and the exceptions it raised, as pills (order events, recent scans). */
export function OpPills({ state, exceptions }: { state: OpState; exceptions: SyncExceptionRecord[] }) {
  const { t } = useI18n()
  return (
    <span class="row-end">
      <span class={`pill pill-${state}`}>{t(`state.${state}`)}</span>
      {exceptions.map((e) => <span class="pill pill-exc">{excKindLabel(t, e.kind)}</span>)}
    </span>
  )
}
