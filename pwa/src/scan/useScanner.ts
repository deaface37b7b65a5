import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { Debounce, loadWedgeOptions, saveWedgeOptions, WedgeDetector, type WedgeOptions } from './wedge'

// The one way a handheld screen takes scans (scan-out, picking, anything later): a wedge burst
// wherever the focus is, the big input (typed, or the scanner typing into it), or the camera.
// Every read goes through one debounce, so a double read counts once whatever its source, and
// the screen gets (code, source) and decides what it means by calling the sync core.

export type ScanSource = 'scanner' | 'typed' | 'camera'
export type OnScan = (code: string, source: ScanSource) => void

function editable(el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement
}

/**
 * A scanner that typed into some other field (a quantity, a note) left its characters there:
 * take them back out, so the scan is a scan and the field keeps what the person typed.
 */
export function stripTyped(el: HTMLInputElement | HTMLTextAreaElement, code: string) {
  try {
    if (el.value.endsWith(code)) el.value = el.value.slice(0, el.value.length - code.length)
  } catch {
    /* a number input may refuse: its value is then not the scan's anyway */
  }
}

export interface Scanner {
  opts: WedgeOptions
  setOpts: (o: Partial<WedgeOptions>) => void
  /** feed a read from the input or the camera (wedge bursts arrive by themselves) */
  submit: OnScan
  /** the big input: the hook tells a scanner typing into it from a person */
  inputRef: { current: HTMLInputElement | null }
}

export function useScanner(onScan: OnScan, enabled = true): Scanner {
  const [opts, setState] = useState<WedgeOptions>(loadWedgeOptions)
  const detector = useMemo(() => new WedgeDetector(opts), [opts])
  const debounce = useMemo(() => new Debounce(opts.debounceMs), [opts])
  const handler = useRef(onScan)
  handler.current = onScan
  const inputRef = useRef<HTMLInputElement | null>(null)

  const submit: OnScan = (raw, source) => {
    const code = raw.trim()
    if (!code) return
    if (!debounce.accept(code, performance.now())) return
    handler.current(code, source)
  }

  useEffect(() => {
    if (!enabled) return
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing) return
      // The event's own time (when the key was pressed), not when a busy page got round to it.
      const at = e.timeStamp || performance.now()
      // Where no field takes typing, keys ending in Enter/Tab are a scanner's whatever their
      // gaps (a busy page delays them); in a field, timing tells a scan from a person.
      const code = detector.key(e.key, at, !editable(e.target))
      if (code === null) return
      // A scan, wherever the focus is: the terminator must neither submit a form, click a
      // focused button nor move the focus (Tab).
      e.preventDefault()
      e.stopPropagation()
      const target = e.target
      if (target === inputRef.current && inputRef.current) {
        inputRef.current.value = ''
        inputRef.current.dispatchEvent(new Event('input', { bubbles: true }))
      } else if (editable(target)) stripTyped(target, code)
      if (!debounce.accept(code, at)) return
      handler.current(code, 'scanner')
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [detector, debounce, enabled])

  return {
    opts,
    setOpts: (o) => setState(saveWedgeOptions({ ...opts, ...o })),
    submit,
    inputRef,
  }
}
