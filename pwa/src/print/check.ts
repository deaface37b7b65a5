// In-page barcode check: rasterise each drawn symbol and read it back with the detector (the
// native BarcodeDetector, or the zxing-wasm ponyfill from this origin), still offline.
import { loadDetector } from '../barcode'

async function rasterise(svg: SVGSVGElement, pxPerModule: number): Promise<HTMLCanvasElement> {
  const [, , vw, vh] = (svg.getAttribute('viewBox') ?? '0 0 1 1').split(' ').map(Number) as [number, number, number, number]
  const linear = svg.dataset.kind === 'code128'
  const width = Math.round(vw * pxPerModule)
  const height = linear ? 120 : Math.round(vh * pxPerModule)
  const copy = svg.cloneNode(true) as SVGSVGElement
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  copy.setAttribute('width', String(width))
  copy.setAttribute('height', String(height))
  copy.removeAttribute('style')
  const img = new Image()
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`
  await img.decode()
  const canvas = document.createElement('canvas')
  canvas.width = width + 40
  canvas.height = height + 40
  const ctx = canvas.getContext('2d')!
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, canvas.width, canvas.height)
  ctx.drawImage(img, 20, 20, width, height)
  return canvas
}

export interface CheckResult {
  engine: string
  ok: number
  total: number
}

const FORMAT = { code128: 'code_128', qr: 'qr_code' } as const

/** Decode every symbol of every printable item (a label, a list, a slip) under root.
 * Each svg gets data-decoded; an item is ok when all its symbols read back their data-value. */
export async function checkBarcodes(root: HTMLElement): Promise<CheckResult> {
  const { detector, engine } = await loadDetector(['code_128', 'qr_code'])
  const items = [...root.querySelectorAll<HTMLElement>('[data-printable]')]
  let ok = 0
  for (const item of items) {
    let good = true
    const symbols = [...item.querySelectorAll<SVGSVGElement>('svg[data-kind]')]
    for (const svg of symbols) {
      const kind = svg.dataset.kind as keyof typeof FORMAT
      let read = ''
      try {
        const found = await detector.detect(await rasterise(svg, kind === 'qr' ? 6 : 3))
        read = found.find((f) => f.format === FORMAT[kind])?.rawValue ?? ''
      } catch {
        read = ''
      }
      svg.dataset.decoded = read
      // Labels also say what their two symbols read (the label test reads these).
      if (kind === 'code128') item.dataset.decodedCode128 = read
      else item.dataset.decodedQr = read
      good &&= read === svg.dataset.value
    }
    good &&= symbols.length > 0
    item.dataset.check = good ? 'ok' : 'bad'
    if (good) ok++
  }
  return { engine, ok, total: items.length }
}
