// Barcodes drawn in the page as SVG from zxing-wasm module matrices (offline, this origin).
// Each carries data-kind and data-value, so the in-page check can decode it back (check.ts).
import { useEffect, useState } from 'preact/hooks'
import { encode, type WriteFormat } from '../barcode'
import { linearPath, matrixPath, QUIET, type Symbol2D } from '../barcode/svg'

export function useSymbol(format: WriteFormat, text: string): Symbol2D | null | 'error' {
  const [sym, setSym] = useState<Symbol2D | null | 'error'>(null)
  useEffect(() => {
    let live = true
    setSym(null)
    encode(format, text).then((s) => live && setSym(s), () => live && setSym('error'))
    return () => {
      live = false
    }
  }, [format, text])
  return sym
}

/** Whole modules no wider than `maxModule` mm: a wider bar reads no better and eats the quiet zone. */
function barWidth(sym: Symbol2D, w: number, maxModule: number): number {
  const q = QUIET.Code128
  return Math.min(maxModule, w / (sym.width + 2 * q)) * (sym.width + 2 * q)
}

function Bars({ sym, text, testid, style }: { sym: Symbol2D; text: string; testid: string; style: Record<string, string> }) {
  const q = QUIET.Code128
  return (
    <svg class="lbl-abs" data-testid={testid} data-kind="code128" data-value={text} data-modules={sym.width} style={style}
      viewBox={`${-q} 0 ${sym.width + 2 * q} 1`} preserveAspectRatio="none" shape-rendering="crispEdges">
      <rect x={-q} y={0} width={sym.width + 2 * q} height={1} fill="#fff" />
      <path d={linearPath(sym)} fill="#000" />
    </svg>
  )
}

/** Code128 in an absolutely placed box (mm), centred, 10X quiet zone either side (labels). */
export function Code128({ text, x, y, w, h }: { text: string; x: number; y: number; w: number; h: number }) {
  const sym = useSymbol('Code128', text)
  const style = { left: `${x}mm`, top: `${y}mm`, width: `${w}mm`, height: `${h}mm` }
  if (sym === null || sym === 'error') return <div class="lbl-abs lbl-code-pending" style={style} data-state={sym ?? 'pending'} />
  const bw = barWidth(sym, w, 0.6)
  return <Bars sym={sym} text={text} testid="label-code128" style={{ ...style, left: `${x + (w - bw) / 2}mm`, width: `${bw}mm` }} />
}

/** Code128 in the flow of an A4 document: a block `w` × `h` mm with the text under it. */
export function BarcodeBlock({ text, w, h, testid }: { text: string; w: number; h: number; testid: string }) {
  const sym = useSymbol('Code128', text)
  const box = { width: `${w}mm`, height: `${h}mm` }
  return (
    <div class="doc-barcode" style={{ width: `${w}mm` }}>
      <div class="doc-barcode-box" style={box}>
        {sym === null || sym === 'error' ? (
          <div class="lbl-code-pending" style={box} data-state={sym ?? 'pending'} />
        ) : (
          <Bars sym={sym} text={text} testid={testid}
            style={{ left: `${(w - barWidth(sym, w, 0.5)) / 2}mm`, top: '0', width: `${barWidth(sym, w, 0.5)}mm`, height: `${h}mm` }} />
        )}
      </div>
      <div class="doc-barcode-text">{text}</div>
    </div>
  )
}

export function QRCode({ text, x, y, side }: { text: string; x: number; y: number; side: number }) {
  const sym = useSymbol('QRCode', text)
  const style = { left: `${x}mm`, top: `${y}mm`, width: `${side}mm`, height: `${side}mm` }
  if (sym === null || sym === 'error') return <div class="lbl-abs lbl-code-pending" style={style} data-state={sym ?? 'pending'} />
  const q = QUIET.QRCode
  const n = sym.width + 2 * q
  return (
    <svg class="lbl-abs" data-testid="label-qr" data-kind="qr" data-value={text} data-modules={sym.width} style={style}
      viewBox={`${-q} ${-q} ${n} ${n}`} shape-rendering="crispEdges">
      <rect x={-q} y={-q} width={n} height={n} fill="#fff" />
      <path d={matrixPath(sym)} fill="#000" />
    </svg>
  )
}
