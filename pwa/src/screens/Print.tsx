import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { overviewUrl, type Overview } from '../api'
import { encode, loadDetector, type WriteFormat } from '../barcode'
import { linearPath, matrixPath, QUIET, type Symbol2D } from '../barcode/svg'
import { useI18n } from '../i18n'
import { LABEL_SIZES, maskPhone, printableLabels, printStamp, SPECIAL_MARK, type LabelData, type LabelSize } from '../print/labels'
import { useLocalData } from '../state'
import { useCached } from '../useCached'
import { NoData } from '../components/StateView'

const SIZE_KEY = 'packline.labelSize'
const PAGE = 50

function savedSize(): LabelSize {
  try {
    const s = localStorage.getItem(SIZE_KEY)
    if (s === '76x130' || s === '100x150') return s
  } catch {
    /* storage blocked */
  }
  return '76x130'
}

function useSymbol(format: WriteFormat, text: string): Symbol2D | null | 'error' {
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

/** Code128 in a box (mm): bars stretched to the box height, 10X quiet zone either side. */
function Code128({ text, x, y, w, h }: { text: string; x: number; y: number; w: number; h: number }) {
  const sym = useSymbol('Code128', text)
  const style = { left: `${x}mm`, top: `${y}mm`, width: `${w}mm`, height: `${h}mm` }
  if (sym === null || sym === 'error') return <div class="lbl-abs lbl-code-pending" style={style} data-state={sym ?? 'pending'} />
  const q = QUIET.Code128
  // Whole modules no wider than 0.6 mm: a wide bar is as readable and keeps the quiet zone.
  const mw = Math.min(0.6, w / (sym.width + 2 * q))
  const bw = mw * (sym.width + 2 * q)
  return (
    <svg class="lbl-abs" data-testid="label-code128" data-kind="code128" data-value={text} data-modules={sym.width}
      style={{ ...style, left: `${x + (w - bw) / 2}mm`, width: `${bw}mm` }}
      viewBox={`${-q} 0 ${sym.width + 2 * q} 1`} preserveAspectRatio="none" shape-rendering="crispEdges">
      <rect x={-q} y={0} width={sym.width + 2 * q} height={1} fill="#fff" />
      <path d={linearPath(sym)} fill="#000" />
    </svg>
  )
}

function QRCode({ text, x, y, side }: { text: string; x: number; y: number; side: number }) {
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

/** Largest size whose wrapped text fits `maxLines` lines of width `w` (CJK glyphs ≈ 1 em). */
function fitSize(text: string, sizes: number[], w: number, maxLines: number): number {
  const em = (s: string) => [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e7f ? 1 : 0.55), 0)
  for (const s of sizes) if (Math.ceil((em(text) * s) / w) <= maxLines) return s
  return sizes[sizes.length - 1]!
}

interface TextProps {
  x: number
  y: number
  size: number
  w?: number
  bold?: boolean
  lines?: number
  center?: boolean
  white?: boolean
  children: string
  testid?: string
}
function T({ x, y, size, w, bold, lines = 1, center, white, children, testid }: TextProps) {
  return (
    <div class={`lbl-abs lbl-text${bold ? ' b' : ''}${white ? ' w' : ''}${center ? ' c' : ''}`} data-testid={testid}
      style={{ left: `${x}mm`, top: `${y}mm`, fontSize: `${size}mm`, width: w === undefined ? undefined : `${w}mm`,
        maxHeight: `${size * 1.25 * lines}mm`, WebkitLineClamp: lines }}>
      {children}
    </div>
  )
}

const Rule = ({ y, W }: { y: number; W: number }) => <div class="lbl-abs lbl-rule" style={{ left: '1mm', top: `${y}mm`, width: `${W - 2}mm` }} />

/** One shipping label, laid out like server/printing/label_layout.py (76×130, scaled for 100×150). */
export function ShippingLabel({ label, size }: { label: LabelData; size: LabelSize }) {
  const { w: W, h: H } = LABEL_SIZES[size]
  const k = Math.min(W / 76, H / 130)
  const m = 2 * k
  const inner = W - 2 * m
  const corner = label.special ? 14 * k : 0
  const tag = 6 * k
  const x0 = m + 0.5 + tag + 2 * k
  const cw = W - m - x0
  const qside = 24 * k
  const lw = inner - qside - 1
  const isize = 3.2 * k
  const who = `${label.recipientName}  ${maskPhone(label.recipientPhone)}`
  const asize = fitSize(label.fullAddress, [3.8, 3.4, 3.0, 2.6].map((v) => v * k), cw, 4)
  const info = [`订单号：${label.orderNo}`, `件数：${label.itemCount}`, `版本：第${label.labelVersion}版`, `打印：${label.printedAt}`]
  const note = label.specialRequest ? `备注：${label.specialRequest}` : ''
  return (
    <section class="lbl" data-testid="label" data-eid={label.eid} data-tracking={label.trackingNo} data-qr={label.qrPayload}
      data-special={label.special} data-size={size} style={{ width: `${W}mm`, height: `${H}mm` }}>
      <div class="lbl-abs lbl-frame" style={{ left: '1mm', top: '1mm', width: `${W - 2}mm`, height: `${H - 2}mm` }} />
      <T x={m + 1} y={7.5 * k - 4 * k} size={8 * k} w={inner - corner - 2} bold testid="label-carrier">{label.carrierName}</T>
      {label.special && (
        <>
          <svg class="lbl-abs" style={{ left: `${W - 1 - corner}mm`, top: '1mm', width: `${corner}mm`, height: `${corner}mm` }} viewBox="0 0 1 1">
            <path d="M0 0H1V1Z" fill="#000" />
          </svg>
          <T x={W - 1.5 * k - 3.3 * k * 2} y={2 * k} size={3.3 * k} bold white testid="label-special">{SPECIAL_MARK}</T>
        </>
      )}
      <Rule y={15 * k} W={W} />
      <Code128 text={label.trackingNo} x={m} y={17 * k} w={inner} h={15 * k} />
      <T x={m} y={33 * k} size={3.8 * k} w={inner} bold center testid="label-tracking">{label.trackingNo}</T>
      <Rule y={38.5 * k} W={W} />
      <div class="lbl-abs lbl-tag" style={{ left: `${m + 0.5}mm`, top: `${40.5 * k}mm`, width: `${tag}mm`, height: `${tag}mm`, fontSize: `${tag * 0.72}mm` }}>收</div>
      <T x={x0} y={40.8 * k} size={fitSize(who, [4.4 * k, 3.8 * k, 3.2 * k], cw, 1)} w={cw} bold testid="label-recipient">{who}</T>
      <T x={x0} y={47 * k} size={asize} w={cw} lines={4} testid="label-address">{label.fullAddress}</T>
      <Rule y={68 * k} W={W} />
      <div class="lbl-abs lbl-tag" style={{ left: `${m + 0.5}mm`, top: `${70 * k}mm`, width: `${tag}mm`, height: `${tag}mm`, fontSize: `${tag * 0.72}mm` }}>寄</div>
      <T x={x0} y={70.5 * k} size={fitSize(label.sender, [3.2 * k, 2.8 * k], cw, 2)} w={cw} lines={2}>{label.sender}</T>
      <Rule y={80 * k} W={W} />
      <QRCode text={label.qrPayload} x={W - m - qside} y={82 * k} side={qside} />
      {info.map((line, i) => (
        <T x={m + 0.5} y={82.5 * k + i * isize * 1.45} size={i === 0 ? fitSize(line, [isize, 2.8 * k, 2.4 * k], lw, 1) : isize} w={lw}
          testid={i === 0 ? 'label-order' : undefined}>{line}</T>
      ))}
      {note && (
        <T x={m + 0.5} y={82.5 * k + 4 * isize * 1.45} size={fitSize(note, [3.0 * k, 2.6 * k], lw, 3)} w={lw} lines={3}>{note}</T>
      )}
      <Rule y={113 * k} W={W} />
      {label.special && <T x={m + 0.5} y={115 * k} size={3.2 * k} w={inner} bold>剪角件：打单员亲自核验配货</T>}
      <T x={m + 0.5} y={121.5 * k} size={3.0 * k} w={inner}>签收人：____________   时间：__________</T>
    </section>
  )
}

// ---- In-page barcode check: rasterise each drawn symbol and read it back with the detector ----

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

/** Decode every rendered label's Code128 and QR in the page; marks each label with what was read. */
export async function checkLabels(root: HTMLElement): Promise<CheckResult> {
  const { detector, engine } = await loadDetector(['code_128', 'qr_code'])
  const labels = [...root.querySelectorAll<HTMLElement>('[data-testid=label]')]
  let ok = 0
  for (const el of labels) {
    const bar = el.querySelector<SVGSVGElement>('svg[data-kind=code128]')
    const qr = el.querySelector<SVGSVGElement>('svg[data-kind=qr]')
    const read = async (svg: SVGSVGElement | null, px: number, format: string) => {
      if (!svg) return ''
      try {
        const found = await detector.detect(await rasterise(svg, px))
        return found.find((f) => f.format === format)?.rawValue ?? ''
      } catch {
        return ''
      }
    }
    const code = await read(bar, 3, 'code_128')
    const qrText = await read(qr, 6, 'qr_code')
    el.dataset.decodedCode128 = code
    el.dataset.decodedQr = qrText
    const good = code === el.dataset.tracking && qrText === el.dataset.qr
    el.dataset.check = good ? 'ok' : 'bad'
    if (good) ok++
  }
  return { engine, ok, total: labels.length }
}

/** Shipping labels from the local replica: renders and prints with the network off. */
export function Print({ warehouse, token }: { warehouse: string; token: string }) {
  const { t } = useI18n()
  const data = useLocalData()
  const server = useCached<Overview>(overviewUrl(warehouse), token)
  const [size, setSize] = useState<LabelSize>(savedSize)
  const [q, setQ] = useState('')
  const [limit, setLimit] = useState(PAGE)
  const [check, setCheck] = useState<CheckResult | 'running' | null>(null)
  const sheet = useRef<HTMLDivElement>(null)
  const info = server.data?.warehouse
  const sender = info?.name ?? warehouse
  const stamp = useMemo(() => printStamp(info?.timezone ?? 'Asia/Shanghai'), [info?.timezone, data])

  const labels = useMemo(() => {
    if (!data) return []
    const all = printableLabels(data.view.snapshot, sender, stamp)
    const needle = q.trim().toUpperCase()
    if (!needle) return all
    return all.filter((l) => [l.orderNo, l.trackingNo, l.eid, l.recipientName].some((h) => h.toUpperCase().includes(needle)))
  }, [data, sender, stamp, q])

  const choose = (s: LabelSize) => {
    setSize(s)
    setCheck(null)
    try {
      localStorage.setItem(SIZE_KEY, s)
    } catch {
      /* not remembered */
    }
  }
  const runCheck = async () => {
    if (!sheet.current) return
    setCheck('running')
    try {
      setCheck(await checkLabels(sheet.current))
    } catch {
      setCheck({ engine: 'none', ok: 0, total: -1 })
    }
  }

  if (!data) return <NoData loading onRetry={() => {}} />
  const { w, h } = LABEL_SIZES[size]
  const shown = labels.slice(0, limit)
  return (
    <div class="print-view" data-testid="print-view" data-size={size}>
      <style>{`@page { size: ${w}mm ${h}mm; margin: 0; }`}</style>
      <div class="print-controls">
        <div class="chips" role="radiogroup" aria-label={t('print.size')}>
          {(Object.keys(LABEL_SIZES) as LabelSize[]).map((s) => (
            <button type="button" role="radio" aria-checked={s === size} data-testid="print-size" data-size={s}
              class={`chip ${s === size ? 'chip-on' : ''}`} onClick={() => choose(s)}>
              {t('print.sizeMm', { size: s.replace('x', '×') })}
            </button>
          ))}
        </div>
        <input class="big-input search" type="search" value={q} placeholder={t('print.search')} data-testid="print-search"
          onInput={(e) => { setQ((e.target as HTMLInputElement).value); setLimit(PAGE); setCheck(null) }} />
        <p class="muted small" data-testid="print-count" data-count={labels.length}>
          {t('print.count', { n: labels.length })}
          {labels.length > shown.length && ` · ${t('print.showing', { n: shown.length })}`}
        </p>
        <div class="print-buttons">
          <button type="button" class="btn btn-primary" data-testid="print-go" disabled={shown.length === 0} onClick={() => window.print()}>
            {t('print.print')}
          </button>
          <button type="button" class="btn" data-testid="print-check" disabled={shown.length === 0 || check === 'running'} onClick={() => void runCheck()}>
            {t('print.check')}
          </button>
        </div>
        {check && (
          <p class={`small ${check !== 'running' && check.ok === check.total ? 'ok-text' : 'muted'}`} data-testid="print-check-result"
            data-state={check === 'running' ? 'running' : 'done'}
            data-ok={check === 'running' ? undefined : check.ok} data-total={check === 'running' ? undefined : check.total}
            data-engine={check === 'running' ? undefined : check.engine}>
            {check === 'running' ? t('print.checking') : t('print.checked', { ok: check.ok, total: check.total })}
          </p>
        )}
      </div>
      {labels.length === 0 ? (
        <p class="state" data-testid="print-none">{t('print.none')}</p>
      ) : (
        <div class="print-sheet" ref={sheet} data-testid="print-sheet">
          {shown.map((l) => <ShippingLabel key={`${l.eid}-${size}`} label={l} size={size} />)}
        </div>
      )}
      {labels.length > shown.length && (
        <button type="button" class="btn btn-small btn-block print-more" onClick={() => setLimit(limit + PAGE)}>{t('orders.more')}</button>
      )}
    </div>
  )
}
