// Barcodes in the browser, offline: decode with the native BarcodeDetector where the browser has
// one (Chrome on Android, macOS), else the zxing-wasm ponyfill; encode with the zxing-wasm writer.
// Both WASM modules load lazily, from this origin, and are precached by the service worker.
import type { Symbol2D } from './svg'

export interface DetectedBarcode {
  rawValue: string
  format: string
}
export interface Detector {
  detect(source: ImageBitmapSource | HTMLVideoElement | HTMLCanvasElement): Promise<DetectedBarcode[]>
}
type DetectorCtor = new (opts?: { formats?: string[] }) => Detector

export type Engine = 'native' | 'zxing'

const nativeDetector = (): DetectorCtor | undefined =>
  (globalThis as { BarcodeDetector?: DetectorCtor }).BarcodeDetector

/** The native detector if it supports every format asked for, else the ponyfill (lazy). */
export async function loadDetector(formats: string[], prefer: Engine | 'auto' = 'auto'): Promise<{ detector: Detector; engine: Engine }> {
  const N = nativeDetector()
  if (N && prefer !== 'zxing') {
    try {
      const supported = await (N as unknown as { getSupportedFormats(): Promise<string[]> }).getSupportedFormats()
      if (formats.every((f) => supported.includes(f))) return { detector: new N({ formats }), engine: 'native' }
    } catch {
      /* fall back to the ponyfill */
    }
  }
  const { BarcodeDetector } = await import('./zxingReader')
  return { detector: new BarcodeDetector({ formats: formats as never }) as unknown as Detector, engine: 'zxing' }
}

export type WriteFormat = 'Code128' | 'QRCode'

const written = new Map<string, Promise<Symbol2D>>()

/** The module matrix of one symbol (no quiet zone): 1 = dark. Cached per format and text. */
export function encode(format: WriteFormat, text: string): Promise<Symbol2D> {
  const key = `${format}\u0000${text}`
  let p = written.get(key)
  if (!p) {
    p = import('./zxingWriter').then(async ({ writeBarcode }) => {
      const r = await writeBarcode(text, { format, addQuietZones: false, ...(format === 'QRCode' ? { ecLevel: 'M' } : {}) })
      if (r.error) throw new Error(r.error)
      const { width, height, data } = r.symbol
      // zxing: 0 is a dark module, 255 a light one.
      const dark = new Uint8Array(width * height)
      for (let i = 0; i < dark.length; i++) dark[i] = data[i]! < 128 ? 1 : 0
      return { width, height, dark }
    })
    p.catch(() => written.delete(key))
    written.set(key, p)
  }
  return p
}
