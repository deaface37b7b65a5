import { useEffect, useRef, useState } from 'preact/hooks'
import { loadDetector } from '../barcode'
import { useI18n } from '../i18n'

// Phones without a hardware scanner use the camera. The native BarcodeDetector (Chrome on
// Android) is used where present; elsewhere the zxing-wasm ponyfill, loaded from this origin
// only when the camera opens (and precached, so it works offline).
export const cameraScanSupported = () => !!globalThis.navigator?.mediaDevices?.getUserMedia

/**
 * The pause before the next frame is decoded: throttled to the phone. A decode that took
 * `spentMs` (the zxing WASM on a weak phone can take 100+ ms) is followed by twice that much
 * idle time, so decoding never takes more than a third of the CPU; at least 150 ms, at most 1 s.
 */
export function frameGap(spentMs: number): number {
  return Math.min(1000, Math.max(150, Math.round(spentMs * 2)))
}

interface Props {
  formats: string[]
  onCode: (code: string) => void
  label: string
}

export function CameraScanner({ formats, onCode, label }: Props) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const video = useRef<HTMLVideoElement>(null)

  useEffect(() => {
    if (!open) return
    let stream: MediaStream | null = null
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let detector: Awaited<ReturnType<typeof loadDetector>>['detector'] | undefined
    const loop = async () => {
      if (stopped || !video.current || !detector) return
      let spent = 0
      // A hidden page decodes nothing (and spends no battery); it resumes when shown again.
      if (document.visibilityState !== 'hidden') {
        const t0 = performance.now()
        try {
          const found = await detector.detect(video.current)
          const code = found[0]?.rawValue
          if (code) {
            setOpen(false)
            onCode(code)
            return
          }
        } catch {
          /* frame not ready */
        }
        spent = performance.now() - t0
      }
      timer = setTimeout(() => void loop(), frameGap(spent))
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        stream = s
        if (stopped || !video.current) return
        detector = (await loadDetector(formats)).detector
        if (stopped || !video.current) return
        video.current.srcObject = s
        await video.current.play()
        void loop()
      })
      .catch(() => setError(t('camera.denied')))
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
      stream?.getTracks().forEach((tr) => tr.stop())
    }
  }, [open])

  if (!cameraScanSupported()) return null
  return (
    <div class="camera">
      {open ? (
        <>
          <video ref={video} class="camera-video" muted playsInline />
          <button type="button" class="btn btn-small" onClick={() => setOpen(false)}>{t('camera.close')}</button>
        </>
      ) : (
        <button type="button" class="btn btn-small btn-camera" data-testid="camera-scan" onClick={() => { setError(null); setOpen(true) }}>
          {label}
        </button>
      )}
      {error && <p class="form-error" role="alert">{error}</p>}
    </div>
  )
}
