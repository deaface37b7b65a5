import { useEffect, useState } from 'preact/hooks'
import { useI18n, type MessageKey } from '../i18n'
import { WEDGE_LIMITS } from '../scan/wedge'
import type { Scanner } from '../scan/useScanner'
import { CameraScanner } from './CameraScanner'

// The shared scan controls of every handheld screen: the big input (manual entry, the last
// resort), the camera, and the wedge settings. Wedge bursts need none of it: useScanner
// catches them wherever the focus is.

interface Props {
  scanner: Scanner
  label: MessageKey
  placeholder: MessageKey
  submitLabel: MessageKey
  cameraLabel: MessageKey
  formats: string[]
  testid?: string
}

export function ScanBox({ scanner, label, placeholder, submitLabel, cameraLabel, formats, testid = 'scan' }: Props) {
  const { t } = useI18n()
  const [code, setCode] = useState('')
  useEffect(() => {
    scanner.inputRef.current?.focus()
  }, [])
  const onSubmit = (e: Event) => {
    e.preventDefault()
    const value = code
    setCode('')
    scanner.submit(value, 'typed')
    scanner.inputRef.current?.focus()
  }
  return (
    <form class="scan-form" onSubmit={onSubmit}>
      <label for={`${testid}-input`} class="field-label">{t(label)}</label>
      <div class="scan-row">
        <input
          id={`${testid}-input`}
          ref={(el) => { scanner.inputRef.current = el }}
          class="big-input scan-input"
          data-testid={`${testid}-input`}
          value={code}
          placeholder={t(placeholder)}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          enterkeyhint="go"
          maxLength={64}
          onInput={(e) => setCode((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="btn btn-primary scan-go" data-testid={`${testid}-submit`} disabled={!code.trim()}>
          {t(submitLabel)}
        </button>
      </div>
      <CameraScanner formats={formats} label={t(cameraLabel)} onCode={(c) => scanner.submit(c, 'camera')} />
    </form>
  )
}

export function ScanSettings({ scanner }: { scanner: Scanner }) {
  const { t } = useI18n()
  const { opts, setOpts } = scanner
  const num = (e: Event) => Number((e.target as HTMLInputElement).value)
  return (
    <details class="card settings">
      <summary>{t('scan.settings')}</summary>
      <label class="setting">
        <span>{t('scan.maxGap')}</span>
        <input type="number" inputMode="numeric" min={WEDGE_LIMITS.maxGapMs[0]} max={WEDGE_LIMITS.maxGapMs[1]}
          value={opts.maxGapMs} data-testid="wedge-gap" onChange={(e) => setOpts({ maxGapMs: num(e) })} />
      </label>
      <label class="setting">
        <span>{t('scan.minLength')}</span>
        <input type="number" inputMode="numeric" min={WEDGE_LIMITS.minLength[0]} max={WEDGE_LIMITS.minLength[1]}
          value={opts.minLength} onChange={(e) => setOpts({ minLength: num(e) })} />
      </label>
      <label class="setting">
        <span>{t('scan.debounce')}</span>
        <input type="number" inputMode="numeric" min={WEDGE_LIMITS.debounceMs[0]} max={WEDGE_LIMITS.debounceMs[1]}
          value={opts.debounceMs} data-testid="wedge-debounce" onChange={(e) => setOpts({ debounceMs: num(e) })} />
      </label>
      <p class="muted small">{t('scan.settingsHint')}</p>
    </details>
  )
}
