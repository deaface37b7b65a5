// One shipping label 快递单 in millimetres, laid out like server/printing/label_layout.py.
import { LABEL_SIZES, maskPhone, SPECIAL_MARK, type LabelData, type LabelSize } from './labels'
import { Code128, QRCode } from './symbols'

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
    <section class="lbl" data-printable data-testid="label" data-eid={label.eid} data-tracking={label.trackingNo} data-qr={label.qrPayload}
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
