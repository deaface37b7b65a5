import { useEffect } from 'preact/hooks'
import { useI18n } from '../i18n'

interface Props {
  value: string
  onChange: (v: string) => void
  onSubmit: () => void
  disabled?: boolean
  submitLabel: string
  label: string
  min?: number
  max?: number
}

/** Big digit buttons for gloved thumbs; a hardware keyboard works too. The PIN is never shown. */
export function PinPad({ value, onChange, onSubmit, disabled, submitLabel, label, min = 4, max = 12 }: Props) {
  const { t } = useI18n()
  const press = (d: string) => {
    if (!disabled && value.length < max) onChange(value + d)
  }
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (disabled) return
      if (/^[0-9]$/.test(e.key)) press(e.key)
      else if (e.key === 'Backspace') onChange(value.slice(0, -1))
      else if (e.key === 'Enter' && value.length >= min) onSubmit()
      else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })
  return (
    <div class="pin-pad" data-testid="pin-pad">
      <div class="pin-dots" role="status" aria-label={label} data-testid="pin-dots" data-len={value.length}>
        {Array.from({ length: Math.max(min, value.length) }, (_, i) => (
          <span class={`pin-dot ${i < value.length ? 'pin-dot-on' : ''}`} aria-hidden="true" />
        ))}
      </div>
      <div class="pin-keys">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button type="button" class="pin-key" data-testid="pin-digit" data-digit={d} disabled={disabled} onClick={() => press(d)}>{d}</button>
        ))}
        <button type="button" class="pin-key pin-key-fn" disabled={disabled || !value} onClick={() => onChange('')}>{t('signin.clear')}</button>
        <button type="button" class="pin-key" data-testid="pin-digit" data-digit="0" disabled={disabled} onClick={() => press('0')}>0</button>
        <button type="button" class="pin-key pin-key-fn" aria-label={t('signin.delete')} disabled={disabled || !value} onClick={() => onChange(value.slice(0, -1))}>⌫</button>
      </div>
      <button type="button" class="btn btn-primary btn-block" data-testid="pin-submit" disabled={disabled || value.length < min} onClick={onSubmit}>
        {submitLabel}
      </button>
    </div>
  )
}
